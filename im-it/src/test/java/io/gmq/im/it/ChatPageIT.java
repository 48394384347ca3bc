package io.gmq.im.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page (served by logic at {@code /chat/}) in headless Chromium: two browsers, each on its own comet, log
 * in, join a room and see each other's messages; history survives a reload; a direct message arrives.
 */
class ChatPageIT extends StackTest {

    private final List<WebDriver> browsers = new java.util.ArrayList<>();

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    @Test
    void twoBrowsersOnTwoCometsChatInARoomAndByDirectMessage() throws Exception {
        String alice = stack.id("alice9");
        String bob = stack.id("bob9");
        api.user(alice);
        api.user(bob);
        String room = stack.id("room9");
        api.room(room, null);

        WebDriver a = open("comet1");
        WebDriver b = open("comet2");
        login(a, alice);
        login(b, bob);
        join(a, room);
        join(b, room);

        say(a, "hello from alice");
        waitForText(b, "messages", "hello from alice");
        say(b, "hi alice");
        waitForText(a, "messages", "hi alice");

        b.navigate().refresh();
        waitForText(b, "messages", "hello from alice");
        waitForText(b, "messages", "hi alice");

        a.findElement(By.id("dm-to")).sendKeys(bob);
        a.findElement(By.id("dm-body")).sendKeys("just for you");
        a.findElement(By.id("dm-send")).click();
        waitForText(b, "dms", "just for you");
    }

    private WebDriver open(String comet) {
        ChromeOptions options = new ChromeOptions().setBinary(chromium());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver()))
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        driver.get(stack.http("logic", "/chat/?comet=" + stack.ws(comet)).toString());
        return driver;
    }

    private static void login(WebDriver driver, String user) {
        driver.findElement(By.id("user")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys("password-" + user);
        driver.findElement(By.id("login")).click();
        waitForText(driver, "status", "signed in as " + user);
    }

    private static void join(WebDriver driver, String room) {
        WebElement button = wait(driver).until(d -> d.findElement(By.cssSelector("#rooms li[data-room='" + room
                + "'] button")));
        button.click();
        waitForText(driver, "room-title", room);
    }

    private static void say(WebDriver driver, String text) {
        driver.findElement(By.id("body")).sendKeys(text);
        driver.findElement(By.id("send")).click();
    }

    private static void waitForText(WebDriver driver, String id, String text) {
        wait(driver).until(d -> d.findElement(By.id(id)).getText().contains(text));
        assertThat(driver.findElement(By.id(id)).getText()).contains(text);
    }

    private static WebDriverWait wait(WebDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    private static String chromium() {
        return firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser");
    }

    private static String chromedriver() {
        return firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    }

    private static String firstExisting(String... paths) {
        for (String path : paths) {
            if (Files.isExecutable(Path.of(path))) {
                return path;
            }
        }
        throw new IllegalStateException("not installed: " + String.join(" or ", paths)
                + " (./gmq test installs Debian's chromium and chromium-driver)");
    }
}
