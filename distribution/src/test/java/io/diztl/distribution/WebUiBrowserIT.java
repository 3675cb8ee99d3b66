package io.diztl.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI as a newcomer meets it, in a real headless Chromium: a tracker and two nodes of the
 * assembled distribution in separate processes; from B's web UI, search for A's file, download it
 * and see it done, browse A's share and download from there, watch for new files, and see a bad
 * query's error. The search, downloads and watches pages are saved as screenshots in {@code
 * target/screenshots/}.
 */
class WebUiBrowserIT {

  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final Pattern LOGIN_URL =
      Pattern.compile("(?m)^\\s*web UI:?\\s+(http://127\\.0\\.0\\.1:\\d+/\\?token=\\S+)$");
  private static final Path SCREENSHOTS = Path.of("target/screenshots").toAbsolutePath();

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
  void searchBrowseAndDownloadFromAnotherNodeInARealBrowser() throws Exception {
    String tracker = diztl.startTracker();
    Path shareA = Files.createDirectories(temp.resolve("share-a/field-notes"));
    byte[] survey = surveyCsv(60_000);
    byte[] map = randomBytes(200_000, 2);
    Files.write(shareA.resolve("otter-survey-2024.csv"), survey);
    Files.write(shareA.resolve("otter-map.bin"), map);
    Path shareB = Files.createDirectories(temp.resolve("share-b"));
    Path dataA = temp.resolve("data-a");
    Path dataB = temp.resolve("data-b");
    diztl.startNode("node-a", shareA.getParent(), dataA, tracker, "--no-ui");
    diztl.startNode("node-b", shareB, dataB, tracker);
    diztl.awaitPeers(dataB, 2, BOUND);
    String nodeA = nodeId(dataA);
    String login =
        diztl.poll(
            "the web UI's address in node B's banner",
            BOUND,
            () -> readLog("node-b"),
            out -> {
              Matcher m = LOGIN_URL.matcher(out);
              return m.find() ? m.group(1) : null;
            });

    WebDriver browser = chromium.driver();
    browser.get(login);
    wait(browser).until(d -> !d.getCurrentUrl().contains("token="));
    assertFalse(browser.getCurrentUrl().contains("token="), browser.getCurrentUrl());

    String origin = login.substring(0, login.indexOf("/?"));
    browser.get(origin + "/search");
    WebElement box = browser.findElement(By.cssSelector("input[type=search][name=q]"));
    box.sendKeys("otter survey");
    long pressed = System.nanoTime();
    box.sendKeys(Keys.ENTER);
    wait(browser)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tr[contains(., 'otter-survey-2024.csv')]")));
    long firstRowMillis = (System.nanoTime() - pressed) / 1_000_000;
    System.out.println("web UI: first result row " + firstRowMillis + " ms after Enter");
    wait(browser)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("search-summary"), " asked: "));
    chromium.screenshot(SCREENSHOTS.resolve("search.png"));
    // Found again: later results may have re-rendered the row since it first appeared (the
    // summary above says " asked: " only once every node answered, so no more come now).
    By downloadButton =
        By.xpath(
            "//tr[contains(., 'otter-survey-2024.csv')]//button[normalize-space()='Download']");
    WebElement download = browser.findElement(downloadButton);
    // With the keyboard alone: Tab from the search box to the row's Download button, then Enter.
    for (int tabs = 0; tabs < 40 && !download.equals(browser.switchTo().activeElement()); tabs++) {
      browser.switchTo().activeElement().sendKeys(Keys.TAB);
      download = browser.findElement(downloadButton);
    }
    assertEquals(download, browser.switchTo().activeElement(), "Download is reached with Tab");
    download.sendKeys(Keys.ENTER);
    awaitQueued(browser, "otter-survey-2024.csv");

    Path downloadsB = shareB.resolve("output");
    Path surveyCopy = downloadsB.resolve("otter-survey-2024.csv");
    browser.get(origin + "/downloads");
    awaitDone(browser, "otter-survey-2024.csv");
    assertArrayEquals(survey, Files.readAllBytes(surveyCopy), "the downloaded bytes");

    browser.get(origin + "/browse");
    wait(browser)
        .until(
            ExpectedConditions.elementToBeClickable(
                By.xpath("//tr[@data-node-id='" + nodeA + "']//a[normalize-space()='Browse']")))
        .click();
    wait(browser)
        .until(ExpectedConditions.elementToBeClickable(By.partialLinkText("field-notes")))
        .click();
    WebElement mapRow =
        wait(browser)
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.xpath("//tr[contains(., 'otter-map.bin')]")));
    mapRow.findElement(By.xpath(".//button[normalize-space()='Download']")).click();
    awaitQueued(browser, "otter-map.bin");
    browser.get(origin + "/downloads");
    awaitDone(browser, "otter-map.bin");
    chromium.screenshot(SCREENSHOTS.resolve("downloads.png"));
    Path mapCopy =
        diztl.poll(
            "otter-map.bin in B's downloads",
            BOUND,
            () -> findFile(downloadsB, "otter-map.bin"),
            found -> found);
    assertArrayEquals(map, Files.readAllBytes(mapCopy), "the bytes downloaded from browsing");

    watchForNewFiles(browser, origin, shareA);

    browser.get(origin + "/search");
    WebElement again = browser.findElement(By.cssSelector("input[type=search][name=q]"));
    again.sendKeys("pages>many" + Keys.ENTER);
    By alert = By.cssSelector("p.error[role=alert]");
    String error =
        wait(browser)
            .until(
                d -> {
                  String text = d.findElement(alert).getText();
                  return text.contains("invalid query at character 7") ? text : null;
                });
    assertTrue(error.contains("expected a number"), error);
  }

  /**
   * Registers a standing query on the Watches page; a file then written into A's share appears on
   * the page live, and one written while another page is open bumps the menu's count, which opening
   * the watch clears.
   */
  private void watchForNewFiles(WebDriver browser, String origin, Path shareA) throws Exception {
    browser.get(origin + "/watches");
    WebElement box = browser.findElement(By.cssSelector("form.watch input[name=q]"));
    box.sendKeys("beaver");
    new Select(browser.findElement(By.name("ttl"))).selectByVisibleText("1 day");
    box.sendKeys(Keys.ENTER);
    wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("match-rows")));
    Files.writeString(shareA.resolve("beaver-dam.txt"), "a dam of sticks and mud\n");
    wait(browser)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tbody[@id='match-rows']/tr[contains(., 'beaver-dam.txt')]")));
    chromium.screenshot(SCREENSHOTS.resolve("watches.png"));

    browser.get(origin + "/search");
    Files.writeString(shareA.resolve("beaver-lodge.txt"), "a lodge in the pond\n");
    By menuLink = By.cssSelector("nav a[href='/watches']");
    wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(menuLink, "Watches (1"));
    browser.findElement(menuLink).click();
    wait(browser).until(ExpectedConditions.elementToBeClickable(By.linkText("beaver"))).click();
    wait(browser)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tbody[@id='match-rows']/tr[contains(., 'beaver-lodge.txt')]")));
    assertEquals(
        "Watches", browser.findElement(menuLink).getText().strip(), "the count is cleared");
  }

  /** Waits until the row of {@code name} links to its download instead of offering one. */
  private static void awaitQueued(WebDriver browser, String name) {
    wait(browser)
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//tr[contains(., '" + name + "')]//a[@href='/downloads']")));
  }

  private void awaitDone(WebDriver browser, String name) {
    By state =
        By.xpath(
            "//tr[@data-download-id][contains(., '" + name + "')]//*[contains(@class,'state')]");
    wait(browser)
        .until(
            d -> {
              String text = d.findElement(state).getText().strip().toLowerCase();
              assertFalse(text.startsWith("failed"), name + ": " + text);
              return text.equals("done");
            });
  }

  private String nodeId(Path data) {
    DiztlProcesses.Result status = diztl.run("status", "--data", data.toString());
    assertEquals(0, status.exit(), status.err());
    Matcher id = Pattern.compile("(?m)^node\\s+([a-z2-7]{27})").matcher(status.out());
    assertTrue(id.find(), status.out());
    return id.group(1);
  }

  private String readLog(String name) {
    try {
      return diztl.log(name);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path findFile(Path dir, String name) {
    try (var files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().equals(name)).findFirst().orElse(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** A wait that also looks again when live updates replaced what it found. */
  private static FluentWait<WebDriver> wait(WebDriver browser) {
    return new WebDriverWait(browser, BOUND).ignoring(StaleElementReferenceException.class);
  }

  /** A survey table as a spreadsheet would export it: about 40 bytes a line. */
  private static byte[] surveyCsv(int lines) {
    StringBuilder csv = new StringBuilder("date,site,otters,observer\n");
    Random random = new Random(1);
    for (int i = 0; i < lines; i++) {
      csv.append("2024-")
          .append(String.format("%02d-%02d", 1 + i % 12, 1 + i % 28))
          .append(",site-")
          .append(random.nextInt(400))
          .append(',')
          .append(random.nextInt(9))
          .append(",ranger-")
          .append(random.nextInt(30))
          .append('\n');
    }
    return csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
