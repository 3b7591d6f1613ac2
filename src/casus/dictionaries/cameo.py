"""CAMEO codes as PETRARCH-style dictionaries write them, read for casus.

The tables map CAMEO organisation codes (prefixes such as ``IGOUNOKID``) to the codes of
casus's ``igos.tsv`` and give each CAMEO sector code (``GOV``, ``REB``, ``SHI`` ...) its
kind, label and description. They are plain text so they can be read and edited.
:func:`split_code` cuts a code into its country or organisation and its sector chunks;
:func:`sector_of` picks the sector casus records.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .results import ImportReport

__all__ = [
    "IGO_CODES",
    "ORG_PREFIXES",
    "ROLES",
    "SECTORS",
    "code_chunks",
    "igo_code",
    "sector_of",
    "split_code",
]

_IGO_TABLE = """
# CAMEO code (prefix)  casus code  organisation (casus igos.tsv codes)
IGOUNO          UN        United Nations and its bodies not listed below
IGOUNOIAE       IAEA      International Atomic Energy Agency
IGOUNOKID       UNICEF    United Nations Children's Fund
IGOUNOHLHWHO    WHO       World Health Organization
IGOUNOREFHCR    UNHCR     United Nations High Commissioner for Refugees
IGOUNOWFP       WFP       World Food Programme
IGOUNOWBK       WB        World Bank
IGOUNODEVWBK    WB        World Bank
IGOUNOLABILO    ILO       International Labour Organization
IGOUNOAGRFAO    FAO       Food and Agriculture Organization
IGOUNOJUDICJ    ICJ       International Court of Justice
UNO             UN        United Nations (older TABARI code)
IGOWSTNAT       NATO      North Atlantic Treaty Organization
NAT             NATO      North Atlantic Treaty Organization (older code)
IGOEUREEC       EU        European Union
EEC             EU        European Union (older code)
EUR             EU        European Union (older code)
IGOEURCOE       CoE       Council of Europe
IGOEURDEVEBR    EBRD      European Bank for Reconstruction and Development
IGOAFRAFU       AU        African Union
IGOMEAARL       ARL       Arab League
IGOARBARL       ARL       Arab League
IGOSEAASN       ASEAN     Association of Southeast Asian Nations
IGOASADEVADB    ADB       Asian Development Bank
IGOBUSOPC       OPEC      Organization of the Petroleum Exporting Countries
IGOOPC          OPEC      Organization of the Petroleum Exporting Countries
IGOPGSGCC       GCC       Gulf Cooperation Council
IGOEURSCE       OSCE      Organization for Security and Co-operation in Europe (CSCE)
IGOBUSIMF       IMF       International Monetary Fund
IMF             IMF       International Monetary Fund (older code)
IGOBUSWTO       WTO       World Trade Organization
IGOJUDICC       ICC       International Criminal Court
IGOCASCIS       CIS       Commonwealth of Independent States
IGOMOSOIC       OIC       Organisation of Islamic Cooperation
IGOWAFWAS       ECOWAS    Economic Community of West African States
IGOEAFEAC       EAC       East African Community
IGOSAFSAD       SADC      Southern African Development Community
IGOSAFDEVSAD    SADC      Southern African Development Community
IGOCOPITP       INTERPOL  International Criminal Police Organization
IGOOAS          OAS       Organization of American States
IGOSASSAA       SAARC     South Asian Association for Regional Cooperation
NGOHLHIRC       ICRC      Red Cross (International Committee of the Red Cross)
NGOHLHMSF       MSF       Medecins Sans Frontieres
NGOHRIAMN       AMNESTY   Amnesty International
"""

_SECTOR_TABLE = """
# code  kind      label             description
GOV     role      government        Executives, ministries and government officials
MIL     role      military          Armed forces
REB     role      rebels            Armed rebels, insurgent and militant groups
OPP     role      opposition        Political opposition
SPY     role      intelligence      Intelligence and state security services
COP     role      police            Police and other law enforcement
JUD     role      judiciary         Courts, judges and prosecutors
LEG     role      legislature       Parliaments and legislators
MED     role      media             News media and journalists
BUS     role      business          Businesses and business people
CVL     role      civilians         Civilians and the general public
ELI     role      elite             Elites: former officials and other notables
CRM     role      criminals         Criminals and criminal organisations
EDU     role      education         Schools, universities, teachers and students
HLH     role      health            Health care and health workers
HRI     role      human rights      Human-rights organisations and activists
LAB     role      labour            Workers and trade unions
AGR     role      agriculture       Farmers and agriculture
ENV     role      environment       Environmental organisations and activists
DEV     role      development       Development and aid organisations
REF     role      refugees          Refugees and displaced people
REL     role      religious         Religious bodies and clergy
UAF     role      armed group       Unaligned armed forces and militias
INS     role      insurgents        Insurgents
SEP     role      separatists       Separatist movements
RAD     role      radicals          Radicals and extremists
PTY     role      party             Political parties and politicians
PPL     role      people            People in general
NGO     role      NGO               Non-governmental organisations
NGM     role      NGO movement      Non-governmental movements
IGO     role      IGO               Intergovernmental organisations
IMG     role      armed group       International militarised groups
MNC     role      company           Multinational corporations
MUS     religion  Muslim            Muslims (PETRARCH code)
MOS     religion  Muslim            Muslims (CAMEO code)
SHI     religion  Shia              Shia Muslims
SUN     religion  Sunni             Sunni Muslims
SFI     religion  Sufi              Sufi Muslims
ALE     religion  Alawite           Alawites
UDQ     religion  Druze             Druze
CHR     religion  Christian         Christians
CTH     religion  Catholic          Catholics
PRO     religion  Protestant        Protestants
DOX     religion  Orthodox          Orthodox Christians
CPT     religion  Coptic            Coptic Christians
JEW     religion  Jewish            Jews
HIN     religion  Hindu             Hindus
BUD     religion  Buddhist          Buddhists
SIK     religion  Sikh              Sikhs
BAH     religion  Baha'i            Baha'is
"""


def _table(text: str) -> list[list[str]]:
    rows = []
    for line in text.strip().splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(re.split(r"\s{2,}", line.strip(), maxsplit=3))
    return rows


SECTORS: dict[str, tuple[str, str, str]] = {
    row[0]: (row[1], row[2], row[3]) for row in _table(_SECTOR_TABLE)
}
"""CAMEO sector code -> (kind: role | religion, label, description)."""


# Sector when a code has no sector chunk, by the kind of its first part.
_DEFAULT_SECTOR = {"IGO": "IGO", "NGO": "NGO", "NGM": "NGO", "MNC": "BUS", "IMG": "REB"}
ORG_PREFIXES = frozenset(_DEFAULT_SECTOR)
"""First parts of CAMEO codes that name a kind of organisation, not a country."""
IGO_CODES: dict[str, str] = {row[0]: row[1] for row in _table(_IGO_TABLE)}
"""CAMEO organisation code (prefix) -> casus code; the longest matching prefix wins."""
_TARGET_SECTOR = {
    code: "NGO" if cameo.startswith("NGO") else "IGO" for cameo, code in IGO_CODES.items()
}
# Also first parts of codes: organisations, and INS, an old code for Indonesia.
_NOT_SECTOR_ONLY = ORG_PREFIXES | {"INS"}
ROLES = frozenset(code for code, (kind, _, _) in SECTORS.items() if kind == "role")
_RELIGIONS = frozenset(code for code, (kind, _, _) in SECTORS.items() if kind == "religion")


# -- CAMEO codes ---------------------------------------------------------------------


def igo_code(code: str) -> tuple[str, str] | None:
    """(matched CAMEO prefix, casus code) for an IGO code in :data:`IGO_CODES`."""
    best: str | None = None
    for prefix in IGO_CODES:
        fits = code.startswith(prefix) and (len(code) - len(prefix)) % 3 == 0
        if fits and (best is None or len(prefix) > len(best)):
            best = prefix
    return (best, IGO_CODES[best]) if best is not None else None


def code_chunks(text: str) -> list[str]:
    return [text[i : i + 3] for i in range(0, len(text) - 2, 3)]


def split_code(code: str, report: ImportReport | None = None) -> tuple[str, list[str]]:
    """(country or organisation code, the 3-letter chunks after it).

    A code that starts with a sector ("ELI") has no country: ("", chunks).
    """
    mapped = igo_code(code)
    if mapped is not None:
        return mapped[1], code_chunks(code[len(mapped[0]) :])
    if code.startswith("IGO"):
        if report is not None:
            report.unmapped_igos[code] += 1
        return code, code_chunks(code[6:])
    if code[:3] in ROLES and code[:3] not in _NOT_SECTOR_ONLY:
        return "", code_chunks(code)
    return code[:3], code_chunks(code[3:])


def sector_of(org: str, chunks: Sequence[str], *, person: bool) -> str:
    """The first sector chunk; otherwise a default by kind of code (IGO, NGO, MNC...)."""
    for chunk in chunks:
        if chunk in ROLES and chunk not in ORG_PREFIXES:
            return chunk
    if org in _TARGET_SECTOR:
        return _TARGET_SECTOR[org]
    if org[:3] == "IMG" or person:
        return _DEFAULT_SECTOR.get(org[:3], "ELI")
    for chunk in chunks:
        if chunk in _RELIGIONS:
            return chunk
    return _DEFAULT_SECTOR.get(org[:3], "")
