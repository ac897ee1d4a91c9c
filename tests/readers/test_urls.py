"""Fetching, tested against a local server started here (tests/local_server.py); no other network."""

import dataclasses

import pytest

from eventwire.errors import InputError
from eventwire.readers.urls import USER_AGENT, Fetcher, FetchOptions, fetch_documents
from tests.local_server import Story, local_site

# Short limits so the hanging routes give up quickly; no politeness delay between local requests.
QUICK = FetchOptions(timeout=0.5, deadline=1.0, retries=0, backoff=0.0, delay=0.0)


@pytest.fixture
def site():
    with local_site() as running:
        yield running


def fetch(sources, options=QUICK, sleeps=None):
    problems: list[InputError] = []
    fetcher = Fetcher(options, sleep=(sleeps.append if sleeps is not None else lambda _: None))
    return list(fetch_documents(sources, fetcher, problems.append)), problems


def test_a_page_is_fetched_with_our_user_agent(site):
    (document,), problems = fetch([f"{site.base}/article"])
    assert problems == []
    assert document.id == f"{site.base}/article"
    assert document.title == "Kenya urges Somalia to release journalists"
    assert document.source == "Local Wire" and document.date == "2024-05-02"
    assert "detained in Mogadishu" in document.text and "Copyright" not in document.text
    assert site.requests["user-agent:" + USER_AGENT] == 2  # robots.txt, then the page
    assert site.requests["/robots.txt"] == 1


def test_redirects_are_followed_and_the_final_url_kept(site):
    (document,), problems = fetch([f"{site.base}/moved"])
    assert problems == []
    assert document.id == f"{site.base}/moved" and document.url == f"{site.base}/article"


def test_404_redirect_loop_and_binary_answers_are_reported(site):
    documents, problems = fetch([f"{site.base}/missing", f"{site.base}/loop", f"{site.base}/image.png", f"{site.base}/article"])
    assert [d.id for d in documents] == [f"{site.base}/article"]
    missing, loop, image = (str(p) for p in problems)
    assert "/missing" in missing and "404" in missing
    assert "/loop" in loop and "302" in loop
    assert "/image.png" in image and "PNG" in image


def test_robots_txt_is_obeyed(site):
    documents, problems = fetch([f"{site.base}/private/secret"])
    assert documents == []
    assert "robots.txt does not allow" in str(problems[0])
    assert site.requests["/private/secret"] == 0


def test_a_site_whose_robots_txt_fails_is_not_fetched():
    with local_site(robots="error") as site:
        documents, problems = fetch([f"{site.base}/article"])
    assert documents == [] and "robots.txt could not be read" in str(problems[0])
    assert site.requests["/article"] == 0


def test_a_site_without_robots_txt_is_fetched():
    with local_site(robots=None) as site:
        documents, problems = fetch([f"{site.base}/article"])
    assert len(documents) == 1 and problems == []


def test_feed_entries_are_followed_to_their_pages(site):
    documents, problems = fetch([f"{site.base}/feed.xml"])
    kenya, chile, secret = documents
    # Followed through the redirect to the page: the page's text, the entry's id and date.
    assert kenya.id == "kenya-1" and kenya.url == f"{site.base}/article"
    assert "detained in Mogadishu" in kenya.text
    assert kenya.date == "2024-05-02"
    # The page is gone (404) or off limits (robots.txt): the entry's own text stands in.
    assert chile.id == "chile-1" and "maritime border" in chile.text and chile.source == "Local Wire"
    assert secret.id == "secret-1" and "Burkina Faso" in secret.text
    # No page and no text: reported, naming the entry.
    (problem,) = problems
    assert "feed.xml#4" in str(problem)


def test_a_page_that_sends_nothing_times_out(site):
    documents, problems = fetch([f"{site.base}/slow", f"{site.base}/article"])
    assert [d.id for d in documents] == [f"{site.base}/article"]
    assert "/slow" in str(problems[0]) and "timed out" in str(problems[0])


def test_a_feed_that_hangs_times_out_and_the_rest_is_fetched(site):
    documents, problems = fetch([f"{site.base}/hang-feed", f"{site.base}/article"])
    assert len(documents) == 1
    assert "/hang-feed" in str(problems[0]) and "timed out" in str(problems[0])


def test_an_answer_that_never_ends_is_cut_off(site):
    documents, problems = fetch([f"{site.base}/drip"])
    assert documents == []
    assert "/drip" in str(problems[0]) and "cut off" in str(problems[0])


def test_server_errors_are_retried_with_backoff(site):
    sleeps: list[float] = []
    options = dataclasses.replace(QUICK, retries=2, backoff=0.25)
    (document,), problems = fetch([f"{site.base}/flaky"], options, sleeps)
    assert problems == []
    assert site.requests["/flaky"] == 2
    assert sleeps == [0.0]  # the server's Retry-After: 0, not our own backoff


def test_retries_give_up_after_the_last_attempt(site):
    sleeps: list[float] = []
    options = dataclasses.replace(QUICK, retries=2, backoff=0.25)
    documents, problems = fetch([f"{site.base}/slow"], options, sleeps)
    assert documents == []
    assert "after 3 attempts" in str(problems[0])
    assert sleeps == [0.25, 0.5]  # doubling waits between attempts
    assert site.requests["/slow"] == 3


def test_politeness_delay_between_requests_to_one_host(site):
    sleeps: list[float] = []
    options = dataclasses.replace(QUICK, delay=30.0)
    documents, _ = fetch([f"{site.base}/article", f"{site.base}/article"], options, sleeps)
    assert len(documents) == 2
    # Waits before the first page (after robots.txt) and before the second; the clock barely moved.
    assert len(sleeps) == 2 and all(25.0 < s <= 30.0 for s in sleeps)


def test_url_lists_report_bad_lines(site, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# today's links\n{site.base}/article\nnot a url\nftp://example.org/file\n\n")
    documents, problems = fetch([str(listing), "nonsense"])
    assert len(documents) == 1
    assert [(p.line, "not an http(s) URL" in str(p)) for p in problems[:2]] == [(3, True), (4, True)]
    assert "neither a URL nor a file" in str(problems[2])


def test_robots_txt_is_read_again_after_a_day_and_an_unreadable_one_after_an_hour(site):
    now = [0.0]
    fetcher = Fetcher(QUICK, sleep=lambda _: None, clock=lambda: now[0])
    fetcher.get(f"{site.base}/article")
    now[0] += 3600
    fetcher.get(f"{site.base}/article")
    assert site.requests["/robots.txt"] == 1
    now[0] += QUICK.robots_max_age
    fetcher.get(f"{site.base}/article")
    assert site.requests["/robots.txt"] == 2  # a long watch picks up a site's new rules

    with local_site(robots="error") as down:
        for wait in (0, 60, 3600):
            now[0] += wait
            with pytest.raises(InputError, match="robots.txt could not be read"):
                fetcher.get(f"{down.base}/article")
        assert down.requests["/robots.txt"] == 2  # asked again after an hour, not every request


def test_a_conditional_request_for_an_unchanged_feed_gets_304(site):
    site.stories.append(Story("s", "A title", "A line."))
    fetcher = Fetcher(QUICK, sleep=lambda _: None)
    first = fetcher.get(f"{site.base}/watch.xml")
    assert first.status == 200 and first.etag and first.last_modified
    again = fetcher.get(f"{site.base}/watch.xml", first.etag, first.last_modified)
    assert again.not_modified and again.body == b"" and again.etag == first.etag
    site.stories.append(Story("t", "Another title", "Another line."))
    changed = fetcher.get(f"{site.base}/watch.xml", first.etag, first.last_modified)
    assert changed.status == 200 and changed.etag != first.etag


def test_redirects_to_internal_addresses_on_other_hosts_are_refused(site):
    # /to-localhost sends the client to the same server under a name that resolves to the loopback:
    # refused after DNS resolution; 169.254.169.254 is the cloud metadata service.
    documents, problems = fetch([f"{site.base}/to-localhost", f"{site.base}/to-metadata", f"{site.base}/article"])
    assert [d.id for d in documents] == [f"{site.base}/article"], "the sources after the refused ones are fetched"
    localhost, metadata = (str(p) for p in problems)
    assert "localhost (127.0.0.1), a loopback address" in localhost and "--allow-private" in localhost
    assert "169.254.169.254, a link-local address" in metadata
    assert not [entry for entry in site.log if entry.headers.get("Host", "").startswith("localhost")], \
        "nothing was asked of the loopback under another name"


def test_allow_private_follows_redirects_to_internal_addresses(site):
    (document,), problems = fetch([f"{site.base}/to-localhost"], dataclasses.replace(QUICK, allow_private=True))
    assert problems == [] and document.url == site.base.replace("127.0.0.1", "localhost") + "/article"


def test_feed_links_to_internal_addresses_are_refused_and_the_feed_text_used(site):
    documents, problems = fetch([f"{site.base}/internal-feed.xml"])
    assert [d.id for d in documents] == ["loop-1", "meta-1"]
    assert "Kenya urged Somalia" in documents[0].text and "Chile and Peru" in documents[1].text, "the feed's own text"
    messages = [str(p) for p in problems]
    assert len(messages) == 2
    assert "internal-feed.xml#1" in messages[0] and "loopback" in messages[0]
    assert "internal-feed.xml#2" in messages[1] and "link-local" in messages[1]
    assert site.requests["/article"] == 0, "the loopback page was never asked for"


def test_allow_private_follows_feed_links_to_internal_hosts(site):
    # max_entries=1: only the loopback entry; the metadata address is never asked, even here.
    documents, problems = fetch([f"{site.base}/internal-feed.xml"], dataclasses.replace(QUICK, allow_private=True, max_entries=1))
    assert documents[0].url == site.base.replace("127.0.0.1", "localhost") + "/article", "the page, not the feed's text"
    assert site.requests["/article"] == 1


def test_a_deadline_from_the_options_cuts_a_dripping_answer(site):
    documents, problems = fetch([f"{site.base}/drip"], dataclasses.replace(QUICK, deadline=0.3))
    assert documents == [] and "longer than 0.3 s" in str(problems[0])


def test_internal_kinds_of_addresses():
    from eventwire.readers.urls import internal_kind

    assert internal_kind("127.0.0.2") == "loopback" and internal_kind("::1") == "loopback"
    assert internal_kind("169.254.169.254") == "link-local" and internal_kind("10.1.2.3") == "private"
    assert internal_kind("224.0.0.1") == "multicast" and internal_kind("::ffff:192.168.1.1") == "private"
    assert internal_kind("0.0.0.0") is not None and internal_kind("93.184.216.34") is None
