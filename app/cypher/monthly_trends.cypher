// Monthly counts for the overview's trends: complaints received, talks held, problems opened
// and closed, contracts signed, between $from_date and $to_date. $talk_kinds: the
// SupervisionEvent kinds that are talks.
CALL () {
  MATCH (c:Complaint)
  WHERE c.received_date >= $from_date AND c.received_date <= $to_date
  RETURN 'complaints' AS series, date.truncate('month', c.received_date) AS month, count(*) AS n
  UNION ALL
  MATCH (e:SupervisionEvent)
  WHERE e.kind IN $talk_kinds AND e.date >= $from_date AND e.date <= $to_date
  RETURN 'talks' AS series, date.truncate('month', e.date) AS month, count(*) AS n
  UNION ALL
  MATCH (x:Problem)
  WHERE x.found_date >= $from_date AND x.found_date <= $to_date
  RETURN 'problems_opened' AS series, date.truncate('month', x.found_date) AS month, count(*) AS n
  UNION ALL
  MATCH (x:Problem)
  WHERE x.closed_date >= $from_date AND x.closed_date <= $to_date
  RETURN 'problems_closed' AS series, date.truncate('month', x.closed_date) AS month, count(*) AS n
  UNION ALL
  MATCH (k:Contract)
  WHERE k.signed_date >= $from_date AND k.signed_date <= $to_date
  RETURN 'contracts' AS series, date.truncate('month', k.signed_date) AS month, count(*) AS n
}
RETURN series, month, n
ORDER BY month, series
