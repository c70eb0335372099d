// name: sources_known
// question: How many sources were out by a date, possibly out (published in a month or year that straddles it), or not yet? (graph/dates.py)
// param known_on: cut? = "2013-03-31"
MATCH (s:Source)
RETURN count(s) AS total,
       count(CASE WHEN $known_on IS NULL OR s.published_to <= $known_on THEN 1 END) AS known,
       count(CASE WHEN $known_on IS NOT NULL AND s.published_from <= $known_on
                       AND s.published_to > $known_on THEN 1 END) AS possibly_known
