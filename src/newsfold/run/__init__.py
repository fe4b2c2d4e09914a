"""Executors: run the stages over a stream of inputs. ``local`` runs them in-process (or in a local
process pool), ``dask`` on a Dask cluster; both share the stages (stages.py) and, for batches sent
elsewhere, the pipeline (pipeline.py)."""

from .local import IngestOptions, IngestSummary, ingest, process

__all__ = ["IngestOptions", "IngestSummary", "ingest", "process"]
