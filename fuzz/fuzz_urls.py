"""Coverage-guided fuzzing of classify_url with atheris (run by hand, see README.md).

    python fuzz/fuzz_urls.py -max_total_time=300 fuzz/corpus_urls

Invariants: never raises, never reports an internal error, the canonical URL is a fixed point
with the same kind and identifiers.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from safetylit.urls import classify_url


def check(url: str) -> None:
    info = classify_url(url)
    if info.rule == "internal-error":
        raise AssertionError(f"internal error on {url!r}")
    if info.canonical is not None:
        again = classify_url(info.canonical)
        if again.canonical != info.canonical:
            raise AssertionError(f"canonical of {url!r} is not a fixed point: {again.canonical!r}")
        if (again.kind, again.arxiv_id, again.doi, again.openreview_id) != (
            info.kind,
            info.arxiv_id,
            info.doi,
            info.openreview_id,
        ):
            raise AssertionError(f"canonical of {url!r} changes its kind or ids")


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    check(provider.ConsumeUnicodeNoSurrogates(len(data)))


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
