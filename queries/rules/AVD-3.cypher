// ---
// id: AVD-3
// title:
//   zh: '地域回避'
//   en: 'Regional avoidance'
// description:
//   zh: '领导干部在 as-of 日任县级或乡级单位一把手，而该单位的区划代码等于或位于其成长地区划之内（去掉成长地区划代码末尾成对的 00 后按前缀比较：省 2 位、市 4 位、县 6 位）。'
//   en: 'A top leader at as-of of a county- or township-level unit whose region code is, or lies within, the region where the leader grew up (the growth region''s code with its trailing 00 pairs removed is a prefix: 2 digits for a province, 4 for a city, 6 for a county).'
// severity: medium
// subject_kind: person
// match: false
// parameters:
//   levels:
//     type: list[str]
//     default: [县, 乡]
//     zh: '需地域回避的单位层级'
//     en: 'unit levels subject to regional avoidance'
// readings:
//   - zh: '“位于成长地区划之内”：去掉成长地区划代码末尾成对的 00 后，单位区划代码以其开头（341900 → 3419，故 341922 在其内；340000 → 34）。'
//     en: '"Lies within" the growth region: the unit''s region code starts with the growth region''s code after removing its trailing 00 pairs (341900 → 3419, so 341922 lies within it; 340000 → 34).'
// basis:
//   zh: '《党政领导干部交流工作规定》；《公务员回避规定》'
//   en: "Provisions on the Rotation of Leading Party and Government Cadres; Provisions on the Recusal of Civil Servants"
// summary:
//   zh: "{subject_name}任{unit_name}（区划{region_code}）一把手，该地位于其成长地（区划{growth_region}）之内。"
//   en: "{subject_name} is top leader of {unit_name} (region {region_code}), within the region where they grew up ({growth_region})."
// ---
MATCH (l:Person)-[p:HOLDS_POST]->(u:Unit)
WHERE p.role = '一把手' AND {{ active(p, $as_of) }} AND u.level IN $levels
  AND l.growth_region IS NOT NULL AND u.region_code IS NOT NULL
WITH l, p, u, trim(toString(l.growth_region)) AS g, trim(toString(u.region_code)) AS rc
WHERE g =~ '[0-9]{6}'
WITH l, p, u, g, rc,
     CASE WHEN g ENDS WITH '0000' THEN left(g, 2)
          WHEN g ENDS WITH '00' THEN left(g, 4)
          ELSE g END AS prefix
WHERE rc STARTS WITH prefix
RETURN l.pid AS subject_id, l.name AS subject_name, u.name AS unit_name,
       rc AS region_code, g AS growth_region,
       {units: [u.unit_id]} AS evidence
