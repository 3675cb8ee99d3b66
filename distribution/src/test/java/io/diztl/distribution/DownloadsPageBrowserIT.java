package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The downloads page in a real headless Chromium, against node processes of the assembled
 * distribution: a file two nodes share (each held to a slow upload limit) is downloaded from a
 * third node's web UI; its row lists both source nodes with the bytes each gave and the number of
 * sources, and its Pause and Resume buttons hold and restart it until it is done.
 */
class DownloadsPageBrowserIT {

  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final Pattern LOGIN_URL =
      Pattern.compile("(?m)^\\s*web UI:?\\s+(http://127\\.0\\.0\\.1:\\d+/\\?token=\\S+)$");
  private static final String FILE = "otter-footage.bin";

  @TempDir Path temp;

  private DiztlProcesses diztl;
  private HeadlessChromium chromium;

  @BeforeEach
  void start() {
    DiztlProcesses.assertAssembled();
    diztl = new DiztlProcesses(temp);
    chromium = HeadlessChromium.start();
  }

  @AfterEach
  void stop() {
    chromium.close();
    diztl.close();
  }

  @Test
  void theDownloadsPageShowsEachSourceAndPausesAndResumes() throws Exception {
    String tracker = diztl.startTracker();
    byte[] footage = new byte[24 * 1024 * 1024];
    new Random(7).nextBytes(footage);
    // B first, alone: its web UI starts within its bound even on a busy machine.
    Path shareB = Files.createDirectories(temp.resolve("share-b"));
    Path downloadsB = temp.resolve("downloads-b");
    diztl.startNode(
        "node-b", shareB, temp.resolve("data-b"), tracker, "--downloads", downloadsB.toString());
    String login =
        diztl.poll(
            "the web UI's address in node B's banner",
            BOUND,
            () -> readLog("node-b"),
            out -> {
              Matcher m = LOGIN_URL.matcher(out);
              return m.find() ? m.group(1) : null;
            });
    for (String source : List.of("a", "c")) {
      Path share = Files.createDirectories(temp.resolve("share-" + source));
      Files.write(share.resolve(FILE), footage);
      diztl.startNode(
          "node-" + source,
          share,
          temp.resolve("data-" + source),
          tracker,
          "--no-ui",
          "--max-upload",
          "1M");
    }
    diztl.awaitPeers(temp.resolve("data-b"), 3, BOUND);
    WebDriver browser = chromium.driver();
    browser.get(login);
    wait(browser).until(d -> !d.getCurrentUrl().contains("token="));
    String origin = login.substring(0, login.indexOf("/?"));

    // Searched until both sources have hashed the file: then their hits make one row.
    By hit = By.xpath("//tr[@class='hit'][@data-nodes='2'][contains(., '" + FILE + "')]");
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (true) {
      browser.get(origin + "/search?q=otter+footage");
      wait(browser)
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("search-summary"), " asked: "));
      if (!browser.findElements(hit).isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(500);
    }
    // The row's own button; those of each node wait in its folded "2 nodes have it".
    browser
        .findElement(hit)
        .findElements(By.xpath(".//button[normalize-space()='Download']"))
        .stream()
        .filter(WebElement::isDisplayed)
        .findFirst()
        .orElseThrow()
        .click();
    wait(browser)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tr[contains(., '" + FILE + "')]//a[@href='/downloads']")));
    browser.get(origin + "/downloads");
    String row = "//tr[@data-download-id][contains(., '" + FILE + "')]";

    wait(browser)
        .until(
            d -> {
              List<WebElement> sources = d.findElements(By.xpath(row + "//li[@data-source-node]"));
              return state(d, row).equals("running")
                  && sources.size() == 2
                  && sources.stream()
                      .allMatch(
                          s ->
                              !s.findElement(By.cssSelector("span.muted")).getText().equals("0 B"));
            });
    assertEquals(
        "2",
        wait(browser)
            .until(
                d ->
                    d.findElement(By.xpath(row + "//td[contains(@class,'sources-count')]"))
                        .getText()));
    chromium.screenshot(Path.of("target/screenshots/downloads-sources.png").toAbsolutePath());

    // The very button found before a live update replaced the row's cells is still the one shown.
    WebElement pause = browser.findElement(By.xpath(row + "//button[normalize-space()='Pause']"));
    long shown = received(browser, row);
    wait(browser).until(d -> received(d, row) != shown);
    pause.click();
    wait(browser).until(d -> state(d, row).equals("paused"));
    long pausedAt = received(browser, row);
    Thread.sleep(1500);
    assertEquals(pausedAt, received(browser, row), "a paused download receives nothing");

    click(browser, row + "//button[normalize-space()='Resume']");
    wait(browser).until(d -> state(d, row).equals("done"));
    Path copy = downloadsB.resolve(FILE);
    assertTrue(Files.exists(copy), "the file is in B's downloads");
    assertArrayEquals(footage, Files.readAllBytes(copy));
  }

  private static String state(WebDriver browser, String row) {
    List<WebElement> state = browser.findElements(By.xpath(row + "//td[@class='state']"));
    return state.isEmpty() ? "" : state.get(0).getText().strip().toLowerCase();
  }

  private static long received(WebDriver browser, String row) {
    return wait(browser)
        .until(
            d ->
                Long.parseLong(
                    d.findElement(By.xpath(row + "//progress")).getDomAttribute("value")));
  }

  /** Clicks what the XPath finds, finding it again if a live update replaced it first. */
  private static void click(WebDriver browser, String xpath) {
    wait(browser)
        .until(
            d -> {
              d.findElement(By.xpath(xpath)).click();
              return true;
            });
  }

  private String readLog(String name) {
    try {
      return diztl.log(name);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A wait that also looks again when live updates replaced what it found. */
  private static FluentWait<WebDriver> wait(WebDriver browser) {
    return new WebDriverWait(browser, BOUND).ignoring(StaleElementReferenceException.class);
  }
}
