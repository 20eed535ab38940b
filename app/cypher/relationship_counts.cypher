// Relationship counts by type, one count-store lookup per type of docs/model.md.
MATCH ()-[r:PART_OF]->() RETURN 'PART_OF' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:HOLDS_POST]->() RETURN 'HOLDS_POST' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:IN_CHARGE_OF]->() RETURN 'IN_CHARGE_OF' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:HAS_RELATIVE]->() RETURN 'HAS_RELATIVE' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:SHAREHOLDER_OF]->() RETURN 'SHAREHOLDER_OF' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:LEGAL_REP_OF]->() RETURN 'LEGAL_REP_OF' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:OFFICER_OF]->() RETURN 'OFFICER_OF' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:SAME_AS]->() RETURN 'SAME_AS' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:POSSIBLE_MATCH]->() RETURN 'POSSIBLE_MATCH' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:BUYER]->() RETURN 'BUYER' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:SUPPLIER]->() RETURN 'SUPPLIER' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:APPOINTEE]->() RETURN 'APPOINTEE' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:TO_UNIT]->() RETURN 'TO_UNIT' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:FROM_UNIT]->() RETURN 'FROM_UNIT' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:NOMINATED_BY]->() RETURN 'NOMINATED_BY' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:ABOUT]->() RETURN 'ABOUT' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:ABOUT_UNIT]->() RETURN 'ABOUT_UNIT' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:NAMES_COMPANY]->() RETURN 'NAMES_COMPANY' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:CONDUCTED_BY]->() RETURN 'CONDUCTED_BY' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:CONDUCTED_BY_UNIT]->() RETURN 'CONDUCTED_BY_UNIT' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:TARGET]->() RETURN 'TARGET' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:TARGET_UNIT]->() RETURN 'TARGET_UNIT' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:FOUND_IN]->() RETURN 'FOUND_IN' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:RESPONSIBLE_UNIT]->() RETURN 'RESPONSIBLE_UNIT' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:RESPONSIBLE_PERSON]->() RETURN 'RESPONSIBLE_PERSON' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:SANCTIONED]->() RETURN 'SANCTIONED' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:INTERVENED]->() RETURN 'INTERVENED' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:CONCERNS_UNIT]->() RETURN 'CONCERNS_UNIT' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:AT_UNIT]->() RETURN 'AT_UNIT' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:SPOKE_IN]->() RETURN 'SPOKE_IN' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:LED_BY]->() RETURN 'LED_BY' AS name, count(r) AS count
UNION ALL
MATCH ()-[r:SUPPORTED_BY]->() RETURN 'SUPPORTED_BY' AS name, count(r) AS count
