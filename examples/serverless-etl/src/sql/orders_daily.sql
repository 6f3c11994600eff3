-- Revenue and order count per region and day (the query the orders_daily DAG runs).
SELECT order_date, region, SUM(amount) AS revenue, COUNT(*) AS orders
FROM orders_raw
GROUP BY order_date, region;
