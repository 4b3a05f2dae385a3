"""CPE names, name normalisation and product matching, on their own (no database)."""

from __future__ import annotations

import pytest

from carecyber.alerts.engine.cpe import Cpe, compare
from carecyber.alerts.engine.matching import AffectedProduct, AssetFacts, ProductMatcher, naive_matches
from carecyber.alerts.engine.normalise import AliasTable, canonical, clean, read_purl, vendor_token
from carecyber.alerts.engine.versions import Verdict, VersionRange


def test_cpe_23_names_are_read_with_their_escapes() -> None:
    cpe = Cpe.parse(r"cpe:2.3:a:microsoft:exchange_server:2019:cumulative_update_8:*:*:*:*:*:*")
    assert cpe.key == "microsoft:exchange_server"
    assert cpe.update == "cumulative_update_8"
    odd = Cpe.parse(r"cpe:2.3:a:notepad-plus-plus:notepad\+\+:8.5\:1:*:*:*:*:*:*:*")
    assert odd.product_name == "notepad++"
    assert odd.version_text == "8.5:1"
    assert Cpe.parse(odd.to_string()) == odd


def test_cpe_22_uris_are_read_too() -> None:
    cpe = Cpe.parse("cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-rc1")
    assert cpe.key == "csaf-tools:cvrf-csaf-converter"
    assert cpe.version_text == "1.0.0-rc1"
    assert cpe.update == "*"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cpe:2.3:a:microsoft", "11 parts"),
        ("microsoft exchange", "starts with cpe:2.3:"),
        ("cpe:2.3:x:microsoft:exchange:*:*:*:*:*:*:*:*", "part of a CPE name"),
        ("cpe:2.3:a:*:exchange:*:*:*:*:*:*:*:*", "needs a vendor and a product"),
    ],
)
def test_bad_cpe_names_are_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Cpe.parse(text)


def test_cpe_name_matching_follows_any_na_and_wildcards() -> None:
    pattern = Cpe.parse("cpe:2.3:a:microsoft:outlook:2016:*:*:*:*:*:x6?:*")
    assert compare(pattern, Cpe.parse("cpe:2.3:a:microsoft:outlook:2016:-:*:*:*:*:x64:*")).matches
    assert not compare(pattern, Cpe.parse("cpe:2.3:a:microsoft:outlook:2016:-:*:*:*:*:x86:*")).matches
    uncertain = compare(pattern, Cpe.parse("cpe:2.3:a:microsoft:outlook:2016:*:*:*:*:*:*:*"))
    assert uncertain.matches and uncertain.uncertain == ("target_hw",)
    na = Cpe.parse("cpe:2.3:a:vendor:thing:1.0:-:*:*:*:*:*:*")
    assert not compare(na, Cpe.parse("cpe:2.3:a:vendor:thing:1.0:sp1:*:*:*:*:*:*")).matches
    assert compare(na, Cpe.parse("cpe:2.3:a:vendor:thing:1.0:-:*:*:*:*:*:*")).matches


def test_names_as_people_write_them_meet_the_cpe_names() -> None:
    aliases = AliasTable(products={("microsoft", "exchange_server_2019"): ("microsoft", "exchange_server")})
    assert canonical("Microsoft Corporation", "Exchange Server 2019", aliases) == ("microsoft", "exchange_server")
    assert canonical("Microsoft", "Microsoft Exchange Server", aliases) == ("microsoft", "exchange_server")
    assert canonical("Google LLC", "Chrome") == ("google", "chrome")
    assert vendor_token("Fortinet, Inc.") == "fortinet"
    assert clean("Notepad++ ®") == "notepad++"
    vendors = AliasTable(vendors={"apache_software_foundation": "apache"})
    assert canonical("Apache Software Foundation", "Apache Log4j", vendors) == ("apache", "log4j")


def test_package_urls_give_a_key_without_version() -> None:
    parts = read_purl("pkg:pypi/Django_REST@3.14.0")
    assert parts.key == "pkg:pypi/django-rest" and parts.version == "3.14.0"
    maven = read_purl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
    assert maven.key == "pkg:maven/org.apache.logging.log4j/log4j-core"
    with pytest.raises(ValueError, match="not a package URL"):
        read_purl("django 3.2")


def _exchange() -> AffectedProduct:
    return AffectedProduct(
        vendor="microsoft",
        product="exchange_server",
        version_range=VersionRange.from_vers("vers:generic/>=15.2.0|<15.2.1118.7"),
        cpe=Cpe.parse("cpe:2.3:a:microsoft:exchange_server:2019:*:*:*:*:*:*:*"),
        label="Microsoft Exchange Server 2019",
    )


def test_a_product_matcher_explains_each_verdict() -> None:
    matcher = ProductMatcher(_exchange())
    hit = matcher.judge(AssetFacts(version="15.2.986.5"))
    assert hit.verdict is Verdict.AFFECTED and "15.2.986.5" in hit.reason
    assert matcher.judge(AssetFacts(version="15.2.1258.12")).verdict is Verdict.NOT_AFFECTED
    other_edition = matcher.judge(
        AssetFacts(version="15.1.2507.6", cpe="cpe:2.3:a:microsoft:exchange_server:2016:*:*:*:*:*:*:*")
    )
    # The range decides versions; the CPE's version attribute (2016 vs 2019) is not compared when there is one.
    assert other_edition.verdict is Verdict.NOT_AFFECTED


def test_an_asset_cpe_that_leaves_attributes_open_cannot_be_ruled_out() -> None:
    product = AffectedProduct(
        vendor="microsoft",
        product="outlook",
        version_range=VersionRange.from_vers("vers:generic/>=16.0.0.0|<16.0.5387.1000"),
        cpe=Cpe.parse("cpe:2.3:a:microsoft:outlook:2016:*:*:*:*:x64:*:*"),
    )
    judgement = ProductMatcher(product).judge(
        AssetFacts(version="16.0.5300.1000", cpe="cpe:2.3:a:microsoft:outlook:*:*:*:*:*:*:*:*")
    )
    assert judgement.verdict is Verdict.UNKNOWN and "target software" in judgement.reason


def test_versions_come_from_the_package_url_or_cpe_when_not_given() -> None:
    assert AssetFacts(purl="pkg:pypi/django@4.2.1").effective_version() == "4.2.1"
    assert AssetFacts(cpe="cpe:2.3:a:google:chrome:138.0.7204.50:*:*:*:*:*:*:*").effective_version() == "138.0.7204.50"
    assert AssetFacts(version=" 1.2 ", purl="pkg:pypi/django@4.2.1").effective_version() == "1.2"


def test_the_naive_comparison_reaches_the_same_decisions() -> None:
    product = _exchange()
    for version in ("15.2.986.5", "15.2.1258.12", ""):
        facts = AssetFacts(version=version)
        assert (
            naive_matches(product, "microsoft", "exchange_server", "", facts)
            == ProductMatcher(product).judge(facts).targets
        )
    assert not naive_matches(product, "microsoft", "sharepoint_server", "", AssetFacts(version="15.2.986.5"))
