"""The Spark path (graph.distributed on pyspark): run with `make test-spark`, not by `pytest`."""
