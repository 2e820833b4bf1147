"""Kemendagri region codes: warnings (not errors) for likely typos in a planner's files.

Codes look like `16.71` (city), `16.71.01` (kecamatan), `16.71.01.1001`
(kelurahan: 1xxx) or `16.71.01.2001` (desa: 2xxx). When most districts of an
instance carry kecamatan codes, a district id that does not, or an area whose
code does not start with its district's code, is most likely a typo.
"""

from __future__ import annotations

import re

from optimizer.engine.wording import counted
from optimizer.schema import Instance, Message

KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
DESA_KELURAHAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.[12]\d{3}$")
MAX_LISTED = 20


def code_warnings(instance: Instance) -> list[Message]:
    """Warnings for ids that break the Kemendagri code format used by the rest."""
    districts = [d.district_id for d in instance.districts]
    coded = [d for d in districts if KECAMATAN.match(d)]
    if len(coded) * 2 <= len(districts):
        return []  # not an instance keyed by Kemendagri codes
    out = [_warning("KEMENDAGRI_DISTRICT_CODE", {"district_id": d},
                    f"District id '{d}' is not a kecamatan code (NN.NN.NN) like the others.")
           for d in districts if not KECAMATAN.match(d)]
    for area in instance.areas:
        if not DESA_KELURAHAN.match(area.area_id):
            out.append(_warning(
                "KEMENDAGRI_AREA_CODE", {"area_id": area.area_id},
                f"Area id '{area.area_id}' is not a kelurahan/desa code (NN.NN.NN.1NNN or "
                f"NN.NN.NN.2NNN)."))
        elif not area.area_id.startswith(area.district_id + "."):
            out.append(_warning(
                "KEMENDAGRI_AREA_DISTRICT", {"area_id": area.area_id,
                                             "district_id": area.district_id},
                f"Area '{area.area_id}' is placed in district '{area.district_id}', but its code "
                f"belongs to district '{area.area_id[:8]}'."))
    if len(out) > MAX_LISTED:
        more = len(out) - MAX_LISTED
        out = [*out[:MAX_LISTED], _warning(
            "KEMENDAGRI_MORE", {"count": more},
            counted(more, "{n} more id breaks the code format.",
                    "{n} more ids break the code format."))]
    return out


def _warning(code: str, params: dict[str, str | int | float | None], text: str) -> Message:
    return Message(code=code, level="warning", params=params, text=text)
