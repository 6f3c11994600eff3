"""Marketing analytics helpers shared by the notebooks and the DAGs."""
