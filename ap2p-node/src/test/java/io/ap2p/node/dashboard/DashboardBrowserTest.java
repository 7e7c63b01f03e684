package io.ap2p.node.dashboard;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.ap2p.node.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser (Debian's chromium through Playwright) over a live loopback
 * network of a registry, a provider and a requester: every page shows live data, a search ranks
 * with reasons, a workflow started from the page finishes, strings a peer controls are shown as
 * text, and nothing opens without a login. Saves a screenshot of each page under
 * target/screenshots/, or where {@code -Dap2p.screenshots=DIR} says (relative to the repository's
 * root: {@code -Dap2p.screenshots=docs/screenshots} rewrites the documentation's).
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** A capability name a hostile provider could publish. */
  static final String EVIL_NAME = "<script>window.__xss=1</script>Evil <b>echo</b>";

  static final String EVIL_DESCRIPTION =
      "Echoes. <img src=x onerror=\"window.__xss=2\"> <a href=\"javascript:window.__xss=3\">x</a>";

  @TempDir static Path dir;
  static DashNetwork net;
  static Node provider;
  static Node requester;
  static Playwright playwright;
  static Browser browser;
  static BrowserContext context;
  static Page page;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(CHROMIUM)) {
      throw new IllegalStateException(
          CHROMIUM + " is missing: apt-get install -y chromium (.ci/run does it)");
    }
    net = new DashNetwork(dir);
    provider = net.provider("provider", DashNetwork.echo(dir, EVIL_NAME, EVIL_DESCRIPTION));
    requester = net.requester("requester");
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox")));
    PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 860));
    page = context.newPage();
    page.navigate(requester.api().orElseThrow().dashboard().loginUrl());
    assertThat(page).hasURL(Pattern.compile(".*/dash/(#.*)?$"));
    assertThat(page.locator("#live")).hasText("live");
  }

  @AfterAll
  static void stop() {
    if (playwright != null) {
      playwright.close();
    }
    if (net != null) {
      net.close();
    }
  }

  /** The system property naming where screenshots go (default: the module's target/). */
  static final String SCREENSHOTS = "ap2p.screenshots";

  /**
   * Where the screenshots go: {@code target/screenshots} of this module, so a test run leaves the
   * work tree clean; or {@code -Dap2p.screenshots=DIR}, relative to the repository's root.
   */
  static Path screenshotDir() {
    Path module = Path.of("").toAbsolutePath();
    String asked = System.getProperty(SCREENSHOTS, "").strip();
    if (asked.isEmpty()) {
      return module.resolve("target").resolve("screenshots");
    }
    Path p = Path.of(asked);
    return p.isAbsolute() ? p : module.getParent().resolve(p).normalize();
  }

  static void shot(Page p, String name) throws Exception {
    Path out = screenshotDir();
    Files.createDirectories(out);
    p.screenshot(new Page.ScreenshotOptions().setPath(out.resolve(name)).setFullPage(true));
  }

  @Test
  @Order(6)
  void nodePageShowsPeerConnectionsAndProtocols() throws Exception {
    page.navigate(page.url().replaceAll("#.*$", "") + "#node");
    assertThat(page.locator("#node-facts")).containsText(requester.host().peerId().toString());
    assertThat(page.locator("#node-facts")).containsText("/ip4/127.0.0.1/tcp/");
    String registry = net.registry.host().peerId().toString();
    Locator conns = page.locator("#connections tbody tr");
    assertThat(conns.first()).isVisible();
    assertThat(page.locator("#connections")).containsText("/ipfs/id/1.0.0");
    assertThat(page.locator("#connections td[title='" + registry + "']")).hasCount(1);
    shot(page, "dashboard-node.png");
  }

  @Test
  @Order(2)
  void capabilitiesPageShowsFreshnessOfWhatTheProviderPublishes() throws Exception {
    Page p = context.newPage();
    p.navigate(provider.api().orElseThrow().dashboard().loginUrl());
    assertThat(p.locator("#live")).hasText("live");
    p.navigate(p.url().replaceAll("#.*$", "") + "#capabilities");
    Locator rows = p.locator("#capabilities tbody tr");
    assertThat(rows).hasCount(3);
    assertThat(p.locator("#capabilities")).containsText("xss-echo");
    assertThat(p.locator("#capabilities tbody .badge.ok")).hasCount(3); // discoverable now
    assertThat(p.locator("#publish-target")).containsText(net.registry.host().peerId().toString());
    shot(p, "dashboard-capabilities.png");
    p.close();
  }

  @Test
  @Order(3)
  void searchRanksWithReasonsAndShowsHostileNamesAsText() throws Exception {
    page.navigate(page.url().replaceAll("#.*$", "") + "#search");
    page.locator("#search-text").fill("summarize a text");
    page.locator("#search-form button").click();
    assertThat(page.locator("#search-status")).containsText("answers");
    Locator matches = page.locator("#search-results li");
    assertThat(matches.first()).containsText("why:");
    assertThat(page.locator("#search-results")).containsText("text.summarize");
    shot(page, "dashboard-search.png");

    page.locator("#search-text").fill("echo");
    page.locator("#search-tag").fill("test.echo");
    page.locator("#search-form button").click();
    Locator name = page.locator("#search-results .match-name").first();
    assertThat(name).hasText(EVIL_NAME); // the markup is text, not elements
    assertThat(page.locator("#search-results .match-desc").first()).hasText(EVIL_DESCRIPTION);
    assertThat(page.locator("#search-results script")).hasCount(0);
    assertThat(page.locator("#search-results img")).hasCount(0);
    assertThat(page.locator("#search-results a")).hasCount(0);
    assertThat(page.evaluate("() => window.__xss === undefined")).isEqualTo(true);
    shot(page, "dashboard-escaped.png");
  }

  @Test
  @Order(4)
  void aWorkflowStartedFromThePageFinishesLive() throws Exception {
    page.navigate(page.url().replaceAll("#.*$", "") + "#tasks");
    page.locator("#workflow-start").click();
    assertThat(page.locator("#workflow-status")).containsText("started");
    String id = page.locator("#workflow-status").getAttribute("data-id");
    assertThat(id).isNotBlank();
    Locator run = page.locator(".run[data-id='" + id + "']");
    assertThat(run)
        .hasAttribute(
            "data-state",
            "SUCCEEDED",
            new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions()
                .setTimeout(60_000));
    assertThat(run.locator("a.output-link")).hasCount(2);
    assertThat(run.locator("img.thumb")).hasCount(1);
    assertThat(run).containsText(provider.host().peerId().toString().substring(0, 10));
    assertThat(page.locator("#chart-tasks svg rect.bar-ok").first()).isVisible();
    // the output link opens the bytes, sandboxed
    String href = run.locator("a.output-link").first().getAttribute("href");
    var response = page.request().get(requester.api().orElseThrow().url() + href);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("content-security-policy")).startsWith("sandbox");
    shot(page, "dashboard-tasks.png");
  }

  @Test
  @Order(5)
  void trustPageShowsTheProviderAndItsHistory() throws Exception {
    page.navigate(page.url().replaceAll("#.*$", "") + "#trust");
    String peer = provider.host().peerId().toString();
    Locator row =
        page.locator("#trust tbody tr")
            .filter(new Locator.FilterOptions().setHas(page.locator("td[title='" + peer + "']")));
    assertThat(row).hasCount(1);
    row.click();
    assertThat(page.locator("#trust-detail")).containsText("text.summarize");
    assertThat(page.locator("#trust-detail .badge.ok").first()).isVisible();
    shot(page, "dashboard-trust.png");
  }

  @Test
  @Order(7)
  void withoutALoginNothingOpens() throws Exception {
    try (BrowserContext stranger = browser.newContext()) {
      Page p = stranger.newPage();
      String base = requester.api().orElseThrow().url();
      p.navigate(base + "/dash/#tasks");
      assertThat(p).hasURL(Pattern.compile(".*:\\d+/dash/login(#tasks)?$"));
      assertThat(p.locator("form")).isVisible();
      assertThat(p.request().get(base + "/dash/events").status()).isEqualTo(401);
      assertThat(p.request().get(base + "/v1/status").status()).isEqualTo(401);
      assertThat(p.request().get(base + "/dash/app.js").url()).endsWith("/dash/login");
      // a used login link does not open a second browser
      String link = requester.api().orElseThrow().dashboard().loginUrl();
      p.navigate(link);
      assertThat(p.locator("#live")).hasText("live");
      try (BrowserContext other = browser.newContext()) {
        Page q = other.newPage();
        q.navigate(link);
        assertThat(q.locator(".error")).containsText("used up");
        // the form: a wrong token is refused, the API token (api.json) logs in
        q.locator("input[name=token]").fill("not-the-token");
        q.locator("form button").click();
        assertThat(q.locator(".error")).containsText("Wrong token");
        q.locator("input[name=token]").fill(token(requester));
        q.locator("form button").click();
        assertThat(q.locator("#live")).hasText("live");
      }
    }
  }

  static String token(Node n) throws Exception {
    Path api = n.options().dataDir().orElseThrow().resolve(io.ap2p.node.LocalApi.FILE);
    return io.ap2p.core.wire.Json.parse(Files.readAllBytes(api)).get("token").asText();
  }
}
