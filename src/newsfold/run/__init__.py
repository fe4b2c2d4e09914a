"""Executors: run the stages over a stream of inputs. ``local`` runs them in-process."""

from .local import IngestOptions, IngestSummary, ingest, process

__all__ = ["IngestOptions", "IngestSummary", "ingest", "process"]
