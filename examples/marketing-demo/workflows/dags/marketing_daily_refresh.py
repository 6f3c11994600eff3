"""Daily refresh of the marketing segments: rebuild the country summary, then score customers."""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.python import PythonOperator
from airflow.providers.amazon.aws.operators.athena import AthenaOperator

DEFAULT_ARGS = {
    "owner": "marketing-analytics",
    "retries": 2,
    "retry_delay": timedelta(minutes=5),
}


def _score_segments(**context):
    # Imported inside the task so the DAG file parses quickly in the scheduler.
    from marketing.metrics import engagement_score

    rows = context["ti"].xcom_pull(task_ids="countries_summary") or []
    return [engagement_score(opens=r.get("opens", 0), clicks=r.get("clicks", 0), sends=r.get("sends", 0)) for r in rows]


with DAG(
    dag_id="marketing_daily_refresh",
    description="Rebuilds marketing segments from the country aggregates",
    default_args=DEFAULT_ARGS,
    start_date=datetime(2025, 1, 1),
    schedule="@daily",
    catchup=False,
    tags=["marketing", "smus"],
) as dag:
    countries_summary = AthenaOperator(
        task_id="countries_summary",
        # Same query as src/sql/countries_summary.sql, which analysts run from the notebook.
        query=(
            "SELECT country, SUM(confirmed) AS confirmed, SUM(deaths) AS deaths "
            "FROM covid19_db.countries_aggregated "
            "WHERE date >= date_add('day', -30, current_date) GROUP BY country"
        ),
        database="covid19_db",
        output_location="s3://{{ var.value.athena_results_bucket }}/marketing/",
    )

    score_segments = PythonOperator(task_id="score_segments", python_callable=_score_segments)

    countries_summary >> score_segments
