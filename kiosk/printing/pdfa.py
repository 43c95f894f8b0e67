"""Turning the certified copy ReportLab lays out into PDF/A-2b (ISO 19005-2, level B), the archival form
courts and archives keep: XMP metadata naming the conformance (``pdfaid:part 2``, ``conformance B``) and
the document's title, author and dates, an sRGB output intent for its colours, the document information
dictionary agreeing with the XMP, and a file identifier derived from the content, so the same copy always
gives the same bytes. Fonts are embedded by the layout itself (no standard-14 font is referenced).

pikepdf (qpdf) does the PDF work; Pillow's LittleCMS builds the sRGB ICC profile, so no profile file has
to be shipped or found on disk.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from datetime import datetime

import pikepdf
from PIL import ImageCms

PRODUCER = "archive kiosk (ReportLab, pikepdf)"


@dataclass(frozen=True)
class ArchivalInfo:
    title: str
    author: str
    subject: str
    created: datetime  # aware; written in its own offset (the point's local time)
    language: str = "zh-CN"


def srgb_profile() -> bytes:
    """LittleCMS's sRGB profile with a fixed creation date (ICC header bytes 24-35) and no profile ID
    (bytes 84-99, "not computed" when zero): the same profile bytes, so the same PDF bytes, every time."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = struct.pack(">6H", 2000, 1, 1, 0, 0, 0)
    profile[84:100] = bytes(16)
    return bytes(profile)


def _pdf_date(moment: datetime) -> str:
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def to_pdfa(pdf: bytes, info: ArchivalInfo) -> bytes:
    """``pdf`` as PDF/A-2b; the content streams are left as they are."""
    if info.created.tzinfo is None:
        raise ValueError("a document date without a time zone is ambiguous")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.trailer.Info = doc.make_indirect(pikepdf.Dictionary(
            Title=pikepdf.String(info.title), Author=pikepdf.String(info.author),
            Subject=pikepdf.String(info.subject), Creator=pikepdf.String(PRODUCER),
            Producer=pikepdf.String(PRODUCER), CreationDate=pikepdf.String(_pdf_date(info.created)),
            ModDate=pikepdf.String(_pdf_date(info.created))))
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta.load_from_docinfo(doc.docinfo)
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
            meta["dc:language"] = [info.language]
            stamp = info.created.isoformat()
            meta["xmp:CreateDate"] = stamp
            meta["xmp:ModifyDate"] = stamp
            meta["xmp:MetadataDate"] = stamp
            meta["xmp:CreatorTool"] = PRODUCER
            meta["pdf:Producer"] = PRODUCER
        icc = doc.make_stream(srgb_profile())
        icc.N = 3
        intent = pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
                                    OutputConditionIdentifier=pikepdf.String("sRGB"),
                                    Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=icc)
        doc.Root.OutputIntents = pikepdf.Array([doc.make_indirect(intent)])
        doc.Root.Lang = pikepdf.String(info.language)
        doc.Root.MarkInfo = pikepdf.Dictionary(Marked=False)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, fix_metadata_version=False, min_version="1.7")
        return out.getvalue()
