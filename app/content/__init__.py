"""Editors' files (case studies, vocabulary, crisis contacts) into a frozen, checked library."""

from .case_study import CITATION, CaseStudy, texts
from .library import Library, find_problems, load_library
from .problems import ContentError

__all__ = [
    "CITATION",
    "CaseStudy",
    "ContentError",
    "Library",
    "find_problems",
    "load_library",
    "texts",
]
