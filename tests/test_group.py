from unspun.group import Edge, families, parents, stitched, stories


def copy(a, b, source=None, kind="verbatim", cov=(0.9, 0.9), conf=0.9):
    return Edge(a, b, kind, source, conf, *cov)


def test_a_family_is_an_origin_and_its_copies_including_copies_of_copies():
    edges = [copy("orig", "c1", source="orig"), copy("c1", "c2", source="c1")]
    fams = families(["orig", "c1", "c2", "alone"], edges)
    by_origin = {f.origin: f.members for f in fams}
    assert by_origin["orig"] == ["c1", "c2", "orig"]
    assert by_origin["alone"] == ["alone"]


def test_dates_orient_undirected_edges():
    fams = families(["x", "y"], [copy("x", "y")], {"x": "2020-01-02", "y": "2020-01-01"})
    assert [f.origin for f in fams if len(f.members) == 2] == ["y"]


def test_a_page_borrowing_from_two_families_does_not_glue_them():
    # "farm" copies a bit of family A and a bit of family B (both as the copy).
    edges = [
        copy("a0", "a1", source="a0"),
        copy("b0", "b1", source="b0"),
        copy("a0", "farm", source="a0", kind="near-duplicate", cov=(0.3, 0.4), conf=0.7),
        copy("b0", "farm", source="b0", kind="near-duplicate", cov=(0.3, 0.35), conf=0.6),
    ]
    fams = [f for f in families(["a0", "a1", "b0", "b1", "farm"], edges) if len(f.members) > 1]
    assert len(fams) == 2
    members = sorted(sorted(f.members) for f in fams)
    assert members == [["a0", "a1", "farm"], ["b0", "b1"]]


def test_a_shared_quote_makes_a_relation_but_no_family():
    fams = families(["a", "b"], [copy("a", "b", source="a", cov=(0.05, 0.1))])
    assert all(len(f.members) == 1 for f in fams)


def test_stories_merge_by_average_linkage_not_by_a_single_bridge():
    docs = ["s1", "s2", "s3", "t1", "t2"]
    same = [Edge(x, y, "same-story", None, 0.8, 0, 0)
            for x, y in [("s1", "s2"), ("s1", "s3"), ("s2", "s3"), ("t1", "t2")]]
    bridge = [Edge("s3", "t1", "same-story", None, 0.95, 0, 0)]
    fams = families(docs, same + bridge)
    got = sorted(sorted(s.members) for s in stories(fams, same + bridge))
    assert got == [["s1", "s2", "s3"], ["t1", "t2"]]


def test_unrelated_relations_never_make_a_story():
    fams = families(["a", "b"], [])
    edges = [Edge("a", "b", "unrelated", None, 0.9, 0, 0)]
    assert len(stories(fams, edges)) == 2


def test_a_page_stitched_from_unrelated_articles_is_their_copy() -> None:
    # "roundup" is a third from a passage of each of two articles that share nothing;
    # each pair alone left the direction unknown.
    edges = [copy("art1", "roundup", kind="near-duplicate", cov=(0.3, 0.35)),
             copy("art2", "roundup", kind="near-duplicate", cov=(0.25, 0.3))]
    assert stitched(edges) == {("art1", "roundup"): "art1", ("art2", "roundup"): "art2"}


def test_a_page_holding_passages_of_one_story_only_is_not_stitched() -> None:
    # The two sources are copies of one another: one article, not a roundup.
    edges = [copy("art1", "page", kind="near-duplicate", cov=(0.3, 0.35)),
             copy("art1b", "page", kind="near-duplicate", cov=(0.25, 0.3)),
             copy("art1", "art1b", source="art1")]
    assert stitched(edges) == {}


def test_a_pair_whose_own_traces_decided_keeps_its_direction() -> None:
    edges = [copy("art1", "roundup", kind="near-duplicate", cov=(0.3, 0.35)),
             Edge("art2", "roundup", "near-duplicate", "roundup", 0.9, 0.25, 0.3,
                  by=("dates",))]
    assert stitched(edges) == {("art1", "roundup"): "art1"}


def test_an_article_copied_into_a_digest_too_keeps_the_article_as_parent() -> None:
    # The scrape is held by the digest more strongly than by its article, but the
    # digest only lists passages of others: the article is the scrape's parent.
    edges = [copy("article", "scrape", source="article", conf=0.8, cov=(0.9, 0.9)),
             Edge("scrape", "digest", "near-duplicate", "scrape", 0.95, 0.95, 0.3,
                  by=("digest",)),
             Edge("digest", "scrape", "verbatim", "digest", 0.99, 0.3, 0.98)]
    assert parents(edges)["scrape"] == "article"
