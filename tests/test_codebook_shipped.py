"""The shipped codebook: valid, complete, stable in its identities, and unchanged by either export."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from qualcode.codebook import Codebook, code_path, load_codebook
from qualcode.codebook.qdc_schema import codebook_schema

SHIPPED = Path(__file__).resolve().parents[1] / "codebooks" / "transformational-change.yaml"
NAVIGATION_KEYS = set("jkfnmuq ")
"""Keys the coding workbench keeps for moving and acting; no code may take them."""

#: Path → UUID. Projects hold these identities; changing one would orphan a code's codings.
IDENTITIES = [
    ("approach", "63dc006b-f44c-4a72-a44c-7e7001ecf204"),
    ("approach/relational", "c6a469dc-6255-4e74-930b-9bcdb7bd0ca0"),
    ("approach/technical", "eec67567-463b-42b4-9b57-8b3476e4ba6b"),
    ("power", "8d3979be-f1cb-4534-b425-119c1bab871f"),
    ("power/zero-sum power", "9e497902-ec62-450d-8825-40ed1c18a7ae"),
    ("power/shared power", "e4dc919f-ec53-43bf-82d4-00756b04ce80"),
    ("power/global north and south", "f8e24eed-fa40-4403-bd55-d510fecca963"),
    ("healing", "dad5c18a-11f2-4833-89e3-1e3522c16ee5"),
    ("healing/individual trauma", "2e8f3f14-4057-4734-9c7d-988248859ca2"),
    ("healing/collective trauma", "b40aeb08-cc96-4da9-9501-d575bc22e210"),
    ("healing/intergenerational trauma", "d658797b-2c10-4595-be1c-fdf90451e212"),
    ("healing/historical trauma", "6189ecd4-7f88-4dfb-9f24-cb53d19a36a9"),
    ("healing/collective healing", "696b458a-269f-48f3-8d06-198b48a44805"),
    ("healing/trauma-informed practice", "6ecc00ba-8d83-4383-9bf2-ff23e010e23b"),
    ("sacred", "46d21be7-2a86-4f3a-9488-3b222c5de3b2"),
    ("sacred/ritual", "7229b8c1-b086-45d7-b42c-427d7e5ca70d"),
    ("storytelling", "9fd7b13e-05f8-4a7a-9a7d-8a0e480b0058"),
    ("storytelling/system story", "e3fed15a-2ca8-4e87-abd6-eeab847a254a"),
    ("storytelling/single hero", "f42198fb-cd42-407d-b458-df5462206228"),
    ("collaboration", "667316cc-1500-44fa-be52-694f488003ca"),
    ("collaboration/collective impact", "3d919d1d-c8a1-4477-90e6-2a588d3d7900"),
    ("collaboration/networks of networks", "910bbac3-d40c-45f8-94ce-5baedac079a0"),
    ("measurement and scale", "fc1e385c-6183-4d3c-b1a1-dc68259ae01e"),
    ("measurement and scale/evaluation", "d4f2c28d-29dc-4099-a89d-e0f61f00b5b4"),
    ("measurement and scale/critique of scaling", "9aea4391-8c6e-41cd-ba7f-9c0502777c5a"),
    ("tone", "f8a07a81-3784-45c6-9a97-0a9005414db2"),
    ("tone/hopeful", "3fbcc263-4ac7-4661-835c-14d9f25446fa"),
    ("tone/critical", "0a2b755b-10b7-4bd6-ac36-ba88c3cc6fb8"),
    ("tone/ambivalent", "8f1d8cdb-d78c-4c9f-aa21-875cb449795b"),
]


@pytest.fixture(scope="module")
def shipped() -> Codebook:
    book, warnings = load_codebook(SHIPPED)
    assert warnings == []
    return book


def test_every_code_keeps_its_uuid(shipped: Codebook) -> None:
    assert [(code_path(path), code.uuid) for path, code, _ in shipped.walk()] == IDENTITIES


def test_every_code_has_definition_guidance_and_an_example(shipped: Codebook) -> None:
    incomplete = [
        code_path(path)
        for path, code, _ in shipped.walk()
        if not (code.definition and code.when_to_use and code.when_not_to_use and code.example)
    ]
    assert incomplete == []


def test_every_codable_code_has_a_hotkey_free_of_navigation_keys(shipped: Codebook) -> None:
    keys = {code_path(path): code.key for path, code, _ in shipped.walk() if code.codable}
    assert all(len(key) == 1 and (key.islower() or key.isdigit()) for key in keys.values()), keys
    assert set(keys.values()) & NAVIGATION_KEYS == set()
    assert len(set(keys.values())) == len(keys)
    assert [code_path(path) for path, code, _ in shipped.walk() if not code.codable and code.key] == []


def test_every_code_has_its_own_colour(shipped: Codebook) -> None:
    colours = [code.color for _, code, _ in shipped.walk()]
    assert all(colours) and len(set(colours)) == len(colours)


def test_only_tone_is_exclusive_and_approach_lets_both_codes_meet(shipped: Codebook) -> None:
    exclusive = [code_path(path) for path, code, _ in shipped.walk() if code.exclusive]
    assert exclusive == ["tone"]
    approach = shipped.codes[0]
    assert (approach.name, approach.exclusive, [child.name for child in approach.children]) == (
        "approach",
        False,
        ["relational", "technical"],
    )


def test_shipped_file_is_exactly_what_to_yaml_writes(shipped: Codebook) -> None:
    """Exporting a project that loaded it gives the same file back, so a diff shows only real edits."""
    assert shipped.to_yaml() == SHIPPED.read_text(encoding="utf-8")


def test_shipped_codebook_survives_the_refi_qda_round_trip(shipped: Codebook) -> None:
    text = shipped.to_qdc()
    assert codebook_schema().validate(etree.fromstring(text.encode("utf-8")))
    book, warnings = Codebook.from_qdc_bytes(text.encode("utf-8"), "transformational-change.qdc")
    assert warnings == []
    assert book.codes == shipped.codes
