"""The document editor: header + line grid + totals + states, for every document kind.

See docs/document-editor.md; the pure rules are in aftersales_desktop/domain/documents.py.
"""

from .editor import DocumentEditor, DocumentServices
from .grid import CandidatePopup, LineGrid
from .header import HeaderForm
from .model import DocumentLinesModel

__all__ = ["CandidatePopup", "DocumentEditor", "DocumentLinesModel", "DocumentServices",
           "HeaderForm", "LineGrid"]
