"""Weekly campaign report built from the segment scores."""
from datetime import datetime

from airflow import DAG
from airflow.operators.empty import EmptyOperator
from airflow.providers.amazon.aws.operators.athena import AthenaOperator

with DAG(
    dag_id="campaign_report",
    start_date=datetime(2025, 1, 1),
    schedule="@weekly",
    catchup=False,
    tags=["marketing", "report"],
) as dag:
    start = EmptyOperator(task_id="start")
    report = AthenaOperator(
        task_id="campaign_report",
        query="SELECT campaign_id, COUNT(*) AS responses FROM marketing.campaign_responses GROUP BY campaign_id",
        database="marketing",
        output_location="s3://{{ var.value.athena_results_bucket }}/reports/",
    )
    start >> report
