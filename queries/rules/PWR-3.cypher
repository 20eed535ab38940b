// ---
// id: PWR-3
// title:
//   zh: '三重一大未集体决策'
//   en: '"Three majors, one large" decided without the collective'
// description:
//   zh: 'as-of 日之前规定天数内，单位的“三重一大”事项以书记办公会、圈阅或临时动议方式决定，未经集体决策。'
//   en: 'A decision of a unit on a "three majors, one large" matter in the given days before as-of, taken by a secretaries'' meeting, sign-off by circulation or an ad-hoc motion instead of the collective.'
// severity: high
// subject_kind: unit
// match: false
// parameters:
//   days:
//     type: int
//     default: 365
//     zh: '回溯天数'
//     en: 'days before as-of'
//   meetings:
//     type: list[str]
//     default: [书记办公会, 圈阅, 临时动议]
//     zh: '不构成集体决策的会议形式'
//     en: 'ways of deciding that bypass the collective'
//   categories:
//     type: list[str]
//     default: [重大决策, 重要干部任免, 重大项目安排, 大额资金使用]
//     zh: '“三重一大”事项类别'
//     en: 'matter categories that must be decided collectively'
// readings:
//   - zh: '时间窗含两端：决策的日期 d 在 as-of − N ≤ d ≤ as-of 时计入（N 为回溯天数）；as-of 之后的不计。'
//     en: 'The window includes both ends: a decision dated d counts when as-of − N <= d <= as-of (N the days parameter); none after as-of.'
// basis:
//   zh: '“三重一大”集体决策制度'
//   en: "Collective decision-making on the 'three importants and one large' (major decisions, important appointments, major projects, large sums)"
// summary:
//   zh: "{subject_name}于{date}以{meeting}方式决定{category}事项（决策{decision_id}{topic_note}），未经集体决策。"
//   en: "{subject_name} decided a {category} matter on {date} by {meeting} (decision {decision_id}) without a collective decision."
// ---
MATCH (d:Decision)-[:AT_UNIT]->(u:Unit)
WHERE {{ in_window(d.date, $as_of, $days) }}
  AND d.meeting IN $meetings AND d.category IN $categories
RETURN u.unit_id AS subject_id, u.name AS subject_name, d.decision_id AS decision_id,
       d.date AS date, d.meeting AS meeting, d.category AS category,
       CASE WHEN d.topic IS NULL THEN '' ELSE '：' + d.topic END AS topic_note,
       {decisions: [d.decision_id], units: [u.unit_id]} AS evidence
