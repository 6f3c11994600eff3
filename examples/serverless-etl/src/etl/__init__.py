"""Transformations shared by the ETL jobs and their tests."""
