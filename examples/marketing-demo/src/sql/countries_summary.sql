-- Country-level aggregates used to size marketing segments.
SELECT
    country,
    SUM(confirmed)                     AS confirmed,
    SUM(deaths)                        AS deaths,
    ROUND(SUM(deaths) * 1.0 / NULLIF(SUM(confirmed), 0), 4) AS fatality_rate
FROM covid19_db.countries_aggregated
WHERE date >= date_add('day', -30, current_date)
GROUP BY country
ORDER BY confirmed DESC;
