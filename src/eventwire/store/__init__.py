"""The event store: coded documents in DuckDB, with copies and stories, for analysts to query and export."""

from eventwire.store.ingest import IngestReport, document_key, ingest_coded, load_state, unstored
from eventwire.store.schema import StoreError, open_store

__all__ = ["IngestReport", "StoreError", "document_key", "ingest_coded", "load_state", "open_store", "unstored"]
