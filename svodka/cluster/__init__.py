"""Cluster: Doc -> event -> story, online and single-pass, with the scores that decided."""
from svodka.cluster.features import Featurizer, DocFeatures
from svodka.cluster.online import Assignment, OnlineClusterer

__all__ = ["Featurizer", "DocFeatures", "OnlineClusterer", "Assignment"]
