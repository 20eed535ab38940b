// ---
// id: APT-1
// title:
//   zh: '凡提四必未落实'
//   en: 'Incomplete pre-promotion checks'
// description:
//   zh: '任免类型为提拔或进一步使用的任免，档案审核、个人有关事项查核、廉政意见、信访核查四项中任一项的日期为空或晚于决定日期。'
//   en: 'An appointment of kind promotion or further use where any of the four checks (file review, personal-matters check, integrity opinion, complaint check) has no date or a date after the decision.'
// severity: high
// subject_kind: person
// match: false
// parameters:
//   kinds:
//     type: list[str]
//     default: [提拔, 进一步使用]
//     zh: '适用“凡提四必”的任免类型'
//     en: 'appointment kinds the four checks apply to'
// readings:
//   - zh: '核查日期与决定日期同日视为及时，晚于决定日期或为空即未落实。'
//     en: 'A check dated the decision day is in time; one later than the decision, or missing, is not.'
// basis:
//   zh: '《党政领导干部选拔任用工作条例》第三十一条（凡提四必）'
//   en: "Regulations on the Selection and Appointment of Leading Party and Government Cadres, Article 31 (the four mandatory checks before promotion)"
// summary:
//   zh: "{subject_name}于{decided_date}{kind}（任免{appointment_id}），{missing}未在决定前完成。"
//   en: "{subject_name}'s {kind} (appointment {appointment_id}) was decided on {decided_date} before {missing_en} was done."
// ---
MATCH (a:Appointment)-[:APPOINTEE]->(p:Person)
WHERE a.kind IN $kinds AND a.decided_date <= $as_of
WITH a, p,
     [x IN [['档案审核', 'file review', a.file_check_date],
            ['个人有关事项查核', 'personal-matters check', a.personal_check_date],
            ['廉政意见', 'integrity opinion', a.integrity_opinion_date],
            ['信访核查', 'complaint check', a.complaint_check_date]]
      WHERE x[2] IS NULL OR x[2] > a.decided_date] AS missing
WHERE size(missing) > 0
// The date as text (how the summary shows it): the driver builds an object for each date.
RETURN p.pid AS subject_id, p.name AS subject_name, a.appointment_id AS appointment_id,
       a.kind AS kind, toString(a.decided_date) AS decided_date,
       [x IN missing | x[0]] AS missing, [x IN missing | x[1]] AS missing_en,
       {appointments: [a.appointment_id]} AS evidence
