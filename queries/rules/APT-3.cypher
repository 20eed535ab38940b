// ---
// id: APT-3
// title:
//   zh: '亲属提名'
//   en: 'Relative nominated'
// description:
//   zh: '任免的提名人是被任用人的亲属（配偶、直系、三代以内旁系、近姻亲），未履行公务回避。对象为提名人。'
//   en: 'The nominator of an appointment is a relative of the appointee (spouse, lineal, collateral within three generations, close in-laws). The subject is the nominator.'
// severity: high
// subject_kind: person
// match: false
// parameters:
//   kinship:
//     type: list[str]
//     default: [SPOUSE, LINEAL, COLL3, AFFINAL]
//     zh: '需回避的亲属类别'
//     en: 'kinship classes that require recusal'
// readings:
//   - zh: '亲属关系不计日期：家庭成员报告中的亲属在任何 as-of 日都算，报告年度只说明何时报告，不说明关系何时开始。'
//     en: 'Family links are undated: a reported relation counts at any as-of date; 报告年度 says when it was reported, not when the relation began.'
// basis:
//   zh: '公务回避（《公务员回避规定》；《党政领导干部选拔任用工作条例》）'
//   en: "Official recusal (Provisions on the Recusal of Civil Servants; Regulations on the Selection and Appointment of Leading Party and Government Cadres)"
// summary:
//   zh: "{subject_name}作为{appointee_name}的{relation}，提名其{kind}（任免{appointment_id}，{decided_date}决定），未回避。"
//   en: "{subject_name} ({relation} of {appointee_name}) nominated them for {kind} (appointment {appointment_id}, decided {decided_date}) without recusal."
// ---
MATCH (a:Appointment)-[:NOMINATED_BY]->(n:Person), (a)-[:APPOINTEE]->(p:Person)
WHERE a.decided_date <= $as_of
{{ relatives(p, r, hr, kin, rep, rn) }}
WITH a, n, p, r, rn AS hr, rep, kin
WHERE r = n AND kin IN $kinship
WITH a, n, p, collect(hr) AS rels, collect(rep.pid) AS reps
RETURN n.pid AS subject_id, n.name AS subject_name, p.name AS appointee_name,
       rels[0] AS relation, a.kind AS kind, a.appointment_id AS appointment_id,
       a.decided_date AS decided_date,
       {appointments: [a.appointment_id], relatives: [p.pid] + reps} AS evidence
