"""Checking on a Dask `distributed` cluster: retrieval fanned out over index shards, and batches of
articles spread over the workers (pip install 'factcheck[cluster]')."""
