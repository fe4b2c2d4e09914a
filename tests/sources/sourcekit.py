"""Invented pages, feeds and WARCs for the source tests, and a local HTTP server.

Everything here is made up; the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import gzip
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Quake shakes coastal Chile | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2016-11-09T17:30:00-03:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Quake shakes coastal Chile</h1>
<p class="byline">By Carla Ruiz</p>
<p>SANTIAGO (Reuters) - A magnitude 7.4 earthquake struck off the coast of central Chile on Tuesday,
killing at least 12 people and toppling buildings in the port city of Valparaiso, officials said.</p>
<p>"We are still searching for people under the rubble," Interior Minister Carla Vidal told reporters.</p>
<p>The quake's epicentre lay 40 km offshore at a depth of 25 km, the national seismological centre said.
A tsunami warning for the coast was lifted after two hours.</p>
</article>
<footer>© 2016 Example News. All rights reserved.</footer>
</body></html>
"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News</title><link>http://example.invalid/</link>
<lastBuildDate>Wed, 09 Nov 2016 18:00:00 -0500</lastBuildDate>
<item><title>Full story</title><link>{base}/full</link><guid>story-1</guid>
<pubDate>Wed, 09 Nov 2016 17:30:00 -0500</pubDate>
<description>Teaser of the full story.</description>
<content:encoded><![CDATA[<p>Parliament approved the budget late on Tuesday after a marathon debate.</p>
<p>The coalition won 81 of 150 votes.</p><script>alert("x")</script>]]></content:encoded></item>
<item><title>Teaser only</title><link>{base}/page</link><guid>story-2</guid>
<pubDate>Wed, 09 Nov 2016 12:00:00 -0500</pubDate>
<description>&lt;p&gt;A short teaser.&lt;/p&gt;</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Times</title>
<updated>2016-11-09T20:00:00Z</updated><id>urn:feed</id>
<entry><title>Atom story</title><id>urn:entry:1</id><link href="http://example.invalid/a1"/>
<published>2016-11-09T08:00:00+01:00</published><updated>2016-11-09T09:00:00+01:00</updated>
<author><name>Ann Writer</name></author>
<content type="html">&lt;p&gt;Rescuers dug through the rubble on Wednesday.&lt;/p&gt;</content></entry>
<entry><title>Plain story</title><id>urn:entry:2</id>
<updated>2016-11-08T09:00:00Z</updated><content type="text">Just plain text here.</content></entry>
</feed>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>Leak</title><description>&xxe;</description></item></channel></rss>
"""

XXE_PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<rss version="2.0"><channel><title>PE</title><item><title>x</title></item></channel></rss>
"""


def warc_record(uri: str, body: bytes, *, ctype: str = "text/html; charset=utf-8", status: str = "200 OK",
                date: str = "2016-11-10T08:00:00Z", http_headers: str = "", record_id: str | None = None) -> bytes:
    """One WARC/1.0 response record holding an HTTP response, byte-exact."""
    http = (f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{http_headers}"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    rid = record_id or f"urn:uuid:{uuid.uuid4()}"
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <{rid}>\r\nWARC-Date: {date}\r\n"
            f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def warc_request(uri: str) -> bytes:
    http = f"GET / HTTP/1.1\r\nHost: {uri}\r\n\r\n".encode()
    return (f"WARC/1.0\r\nWARC-Type: request\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: 2016-11-10T08:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype=request\r\nContent-Length: {len(http)}\r\n\r\n").encode() + http + b"\r\n\r\n"


def gz_members(*records: bytes) -> bytes:
    """A .warc.gz: one gzip member per record, as crawlers write them."""
    return b"".join(gzip.compress(r) for r in records)


def gzip_bomb(size: int, fill: bytes = b" ") -> bytes:
    """One gzip member of ``size`` bytes of ``fill``, compressed in a stream (~1000:1)."""
    import zlib

    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = fill * (1 << 20)
    out = []
    left = size
    while left > 0:
        n = min(left, len(chunk))
        out.append(c.compress(chunk[:n]))
        left -= n
    out.append(c.flush())
    return b"".join(out)


class Server:
    """A threaded HTTP server on 127.0.0.1 with a routing table: path -> handler(request)."""

    def __init__(self) -> None:
        self.routes: dict[str, object] = {}
        self.hits: list[str] = []
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                hits.append(self.path)
                route = routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def body(self, path: str, data: bytes | str, ctype: str = "text/html; charset=utf-8", headers: dict | None = None):
        payload = data.encode() if isinstance(data, str) else data

        def handle(req):
            req.send_response(200)
            req.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                req.send_header(k, v)
            req.send_header("Content-Length", str(len(payload)))
            req.end_headers()
            req.wfile.write(payload)

        self.routes[path] = handle

    def redirect(self, path: str, location: str, code: int = 302):
        def handle(req):
            req.send_response(code)
            req.send_header("Location", location)
            req.send_header("Content-Length", "0")
            req.end_headers()

        self.routes[path] = handle

    def slow(self, path: str, seconds: float):
        def handle(req):
            time.sleep(seconds)
            req.send_response(200)
            req.send_header("Content-Type", "text/html")
            req.end_headers()
            req.wfile.write(b"<html>late</html>")

        self.routes[path] = handle

    def endless(self, path: str):
        """A body without Content-Length that never stops (until the client hangs up)."""

        def handle(req):
            req.send_response(200)
            req.send_header("Content-Type", "text/html")
            req.end_headers()
            chunk = b"<p>" + b"x" * 65536 + b"</p>"
            for _ in range(100_000):
                req.wfile.write(chunk)

        self.routes[path] = handle
