#!/usr/bin/env python3
"""Validates Feltsense FHIR exports with an independent FHIR R4 implementation.

Usage: fhir-validate.py FILE...   (Bundles and the CodeSystem in assets/fhir/)

1. `fhir.resources` 6.5.0 (FHIR R4 4.0.1 models on pydantic 1) parses each file: unknown
   fields, missing required elements, wrong cardinality, two values of one choice type, and
   malformed ids, codes and URIs are errors.
2. fhir.resources coerces some primitives (it accepts "3" and 3.5 as an integer, a date-time with
   a space, any status text), so this script also checks those against the R4 specification on
   the raw JSON: integers are JSON integers, date/dateTime/instant match the specification's
   regular expressions, status codes come from their required value sets, and attachment data
   is base64 of a PDF.

Exits 0 and prints one summary line per file when everything is valid; exits 1 naming the first
problem otherwise. It never passes a file it could not check.
"""

import base64
import binascii
import json
import re
import sys
from collections import Counter

try:
    from fhir.resources import __fhir_version__ as FHIR_VERSION
    from fhir.resources.bundle import Bundle
    from fhir.resources.codesystem import CodeSystem
except ImportError as e:  # pragma: no cover - the caller reports this
    print(f"fhir.resources is not installed: {e}", file=sys.stderr)
    sys.exit(2)

# Regular expressions of the R4 primitive types (http://hl7.org/fhir/R4/datatypes.html).
YEAR = r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
TZ = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
TIME = r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"
DATE = re.compile(rf"^{YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$")
DATETIME = re.compile(rf"^{YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T{TIME}{TZ})?)?)?$")
INSTANT = re.compile(rf"^{YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T{TIME}{TZ}$")

OBSERVATION_STATUS = {
    "registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown",
}
DOCUMENT_STATUS = {"current", "superseded", "entered-in-error"}
COMMUNICATION_STATUS = {
    "preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error", "unknown",
}
BUNDLE_TYPES = {
    "document", "message", "transaction", "transaction-response", "batch", "batch-response", "history",
    "searchset", "collection",
}


class Invalid(Exception):
    pass


def need(cond, where, what):
    if not cond:
        raise Invalid(f"{where}: {what}")


def check_datetime(value, where, pattern=DATETIME, kind="dateTime"):
    need(isinstance(value, str) and pattern.match(value), where, f"{value!r} is not an R4 {kind}")


def check_integers(node, where):
    """Every value[x]/valueInteger and Quantity.value that must be whole is a JSON integer."""
    if isinstance(node, dict):
        for k, v in node.items():
            w = f"{where}.{k}"
            if k == "valueInteger":
                need(isinstance(v, int) and not isinstance(v, bool), w, f"{v!r} is not an integer")
            if k == "valueBoolean":
                need(isinstance(v, bool), w, f"{v!r} is not a boolean")
            check_integers(v, w)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            check_integers(v, f"{where}[{i}]")


def check_observation(r, where):
    need(r.get("status") in OBSERVATION_STATUS, where, f"status {r.get('status')!r} is not an R4 status")
    if "effectiveDateTime" in r:
        check_datetime(r["effectiveDateTime"], f"{where}.effectiveDateTime")
    q = r.get("valueQuantity")
    if q is not None:
        need(isinstance(q.get("value"), (int, float)) and not isinstance(q.get("value"), bool), where, "quantity value")


def check_document(r, where):
    need(r.get("status") in DOCUMENT_STATUS, where, f"status {r.get('status')!r} is not an R4 status")
    if "date" in r:
        check_datetime(r["date"], f"{where}.date", INSTANT, "instant")
    period = r.get("context", {}).get("period", {})
    for k in ("start", "end"):
        if k in period:
            check_datetime(period[k], f"{where}.context.period.{k}")
    for i, c in enumerate(r.get("content", [])):
        a = c.get("attachment", {})
        if "creation" in a:
            check_datetime(a["creation"], f"{where}.content[{i}].attachment.creation")
        if "data" in a:
            try:
                data = base64.b64decode(a["data"], validate=True)
            except (binascii.Error, ValueError) as e:
                raise Invalid(f"{where}.content[{i}].attachment.data: not base64 ({e})") from e
            if a.get("contentType") == "application/pdf":
                need(data.startswith(b"%PDF"), where, "the attachment is not a PDF")


def check_communication(r, where):
    need(r.get("status") in COMMUNICATION_STATUS, where, f"status {r.get('status')!r} is not an R4 status")
    for k in ("sent", "received"):
        if k in r:
            check_datetime(r[k], f"{where}.{k}")


def validate_bundle(doc, name):
    Bundle.parse_obj(doc)
    need(doc.get("type") in BUNDLE_TYPES, name, "Bundle.type")
    if "timestamp" in doc:
        check_datetime(doc["timestamp"], f"{name}.timestamp", INSTANT, "instant")
    kinds = Counter()
    for i, e in enumerate(doc.get("entry", [])):
        r = e.get("resource", {})
        where = f"{name}.entry[{i}]"
        kinds[r.get("resourceType")] += 1
        check_integers(r, where)
        if r.get("resourceType") == "Observation":
            check_observation(r, where)
        elif r.get("resourceType") == "DocumentReference":
            check_document(r, where)
        elif r.get("resourceType") == "Communication":
            check_communication(r, where)
    return ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))


def main(paths):
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for path in paths:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        try:
            kind = doc.get("resourceType")
            if kind == "Bundle":
                summary = validate_bundle(doc, path)
            elif kind == "CodeSystem":
                CodeSystem.parse_obj(doc)
                summary = f"CodeSystem with {doc.get('count')} concepts"
            else:
                raise Invalid(f"{path}: unexpected resourceType {kind!r}")
        except Exception as e:  # pydantic's ValidationError or Invalid
            print(f"INVALID {path}:\n{e}", file=sys.stderr)
            return 1
        print(f"valid FHIR R{FHIR_VERSION} (fhir.resources): {path}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
