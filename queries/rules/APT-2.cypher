// ---
// id: APT-2
// title:
//   zh: '带病提拔'
//   en: 'Promoted while tainted'
// description:
//   zh: '提拔或进一步使用的决定日期，被任用人处于处分影响期内（影响期自处分日期起按类型计算月数，不含期满当日），或有反映其的具体可查信访件已收件且未办结（标为了结但无办结日期的视为未办结），或廉政意见结论为“有问题”或“不宜提拔”。'
//   en: 'A promotion or further use decided while the appointee was within a sanction''s effect period (months from the sanction date by kind, the end day excluded), or a specific, checkable complaint about them had been received and was not closed (one marked 了结 without a closing date is not closed), or the integrity opinion was negative.'
// severity: high
// subject_kind: person
// match: false
// parameters:
//   kinds:
//     type: list[str]
//     default: [提拔, 进一步使用]
//     zh: '适用的任免类型'
//     en: 'appointment kinds checked'
//   effect_months:
//     type: map[str,int]
//     default_from: sanction_effect_months
//     zh: '各类处分的影响期（月），默认取自 model/vocab.py（SANCTION_EFFECT_MONTHS，登记表 sanctions.kind 亦引用此表）；未列出的类型（批评教育、提醒谈话、问责）无影响期'
//     en: 'effect period in months by sanction kind, by default from model/vocab.py (SANCTION_EFFECT_MONTHS, also named by the sanctions registry kind column); kinds not listed (批评教育, 提醒谈话, 问责) have none'
//   bad_opinions:
//     type: list[str]
//     default: [有问题, 不宜提拔]
//     zh: '视为不宜提拔的廉政意见结论'
//     en: 'integrity opinions that bar promotion'
// readings:
//   - zh: '标为“了结”但无办结日期的信访件视为未办结（办结日期不详），摘要注明“办结日期不详”；办结日期晚于决定日期的视为决定时未办结，办结日期在决定当日或之前的视为已办结。'
//     en: 'A complaint marked 了结 without a 办结日期 counts as not closed (the date it closed is unknown) and the summary says 办结日期不详 (closing date unknown); one closed after the decision date was open at the decision, one closed on or before it was closed.'
//   - zh: '在决定当日或之前收到的信访件计入；影响期自处分日期起算，决定日期等于期满之日即在影响期外。'
//     en: 'A complaint received on or before the decision date counts; the effect period runs from the sanction date and a decision on the day it ends is outside it.'
// basis:
//   zh: '《党政领导干部选拔任用工作条例》；党风廉政意见回复制度'
//   en: "Regulations on the Selection and Appointment of Leading Party and Government Cadres; the system of replies on Party-conduct and integrity opinions"
// summary:
//   zh: "{subject_name}于{decided_date}{kind}（任免{appointment_id}）时{reasons}。"
//   en: "{subject_name}'s {kind} (appointment {appointment_id}) was decided on {decided_date} while: {reasons_en}."
// ---
MATCH (a:Appointment)-[:APPOINTEE]->(p:Person)
WHERE a.kind IN $kinds AND a.decided_date <= $as_of
WITH a, p,
     COLLECT {
       MATCH (s:Sanction)-[:SANCTIONED]->(p)
       WHERE coalesce($effect_months[s.kind], 0) > 0
         AND s.date <= a.decided_date
         AND a.decided_date < s.date + duration({months: $effect_months[s.kind]})
       RETURN {id: s.sanction_id, kind: s.kind, date: s.date}
     } AS sanctions,
     // Not closed at the decision date: no 办结日期, or one after the decision. A complaint
     // marked 了结 without a 办结日期 is not closed (the date it closed is unknown).
     COLLECT {
       MATCH (c:Complaint)-[:ABOUT]->(p)
       WHERE c.specific = true AND c.received_date <= a.decided_date
         AND (c.closed_date IS NULL OR c.closed_date > a.decided_date)
       RETURN {id: c.complaint_id, undated: c.closed_date IS NULL AND c.status = '了结'}
     } AS open,
     a.integrity_opinion IN $bad_opinions AS bad_opinion
WITH a, p, sanctions, bad_opinion, [x IN open | x.id] AS complaints,
     size([x IN open WHERE x.undated]) AS undated
WHERE size(sanctions) > 0 OR size(complaints) > 0 OR bad_opinion
RETURN p.pid AS subject_id, p.name AS subject_name, a.appointment_id AS appointment_id,
       a.kind AS kind, a.decided_date AS decided_date,
       [x IN sanctions | '处于' + x.kind + '影响期内（' + toString(x.date) + '）']
         + CASE WHEN size(complaints) > 0 THEN ['有未办结的具体可查信访件' + toString(size(complaints)) + '件'
             + CASE WHEN undated > 0 THEN '（其中' + toString(undated) + '件标为了结但办结日期不详）' ELSE '' END]
           ELSE [] END
         + CASE WHEN bad_opinion THEN ['廉政意见为“' + a.integrity_opinion + '”'] ELSE [] END AS reasons,
       [x IN sanctions | 'within the effect period of ' + x.kind + ' (' + toString(x.date) + ')']
         + CASE WHEN size(complaints) > 0 THEN [toString(size(complaints)) + ' open specific complaint(s)'
             + CASE WHEN undated > 0 THEN ' (' + toString(undated) + ' marked closed, closing date unknown)' ELSE '' END]
           ELSE [] END
         + CASE WHEN bad_opinion THEN ['integrity opinion ' + a.integrity_opinion] ELSE [] END AS reasons_en,
       {appointments: [a.appointment_id], sanctions: [x IN sanctions | x.id],
        complaints: complaints} AS evidence
