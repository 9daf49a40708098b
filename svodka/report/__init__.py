"""Report: the outputs of a run — stories.json, articles.jsonl and a static HTML site."""
from svodka.report.json_out import annotation_record, article_record, brief_record, write_outputs

__all__ = ["annotation_record", "article_record", "brief_record", "write_outputs"]
