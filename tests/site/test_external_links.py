"""Unit tests for the link post-processing, independent of any build."""

from __future__ import annotations

from site_src.external_links import NOTICE, annotate_external_links

HOST = "smart.kassel.de"


def test_link_to_another_host_gets_target_rel_and_notice():
    html = '<p><a href="https://www.kassel.de/smart" class="x">Kassel</a></p>'
    assert annotate_external_links(html, HOST) == (
        '<p><a href="https://www.kassel.de/smart" class="x" target="_blank" rel="noopener">'
        f'Kassel<span class="sk-new-tab"> {NOTICE}</span></a></p>'
    )


def test_internal_relative_mail_and_phone_links_stay_untouched():
    html = (
        '<a href="../kontakt/">K</a><a href="https://smart.kassel.de/x/">S</a>'
        '<a href="mailto:a@b.de">M</a><a href="tel:+495617872467">T</a><a href="#top">A</a>'
    )
    assert annotate_external_links(html, HOST) == html


def test_existing_rel_values_are_kept_and_target_is_not_doubled():
    html = "<a rel='me' target='_self' href='//example.org/'>E</a>"
    result = annotate_external_links(html, HOST)
    assert 'rel="me noopener"' in result
    assert result.count("target=") == 1 and 'target="_blank"' in result


def test_annotating_twice_changes_nothing_more():
    once = annotate_external_links('<a href="https://example.org/">E</a>', HOST)
    assert annotate_external_links(once, HOST) == once


def test_other_tags_starting_with_a_are_not_links():
    html = '<abbr title="x">DDG</abbr><article><a href="/">Start</a></article>'
    assert annotate_external_links(html, HOST) == html
