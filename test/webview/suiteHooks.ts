import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, openTestPage, type TestPage } from './browser';
import { ChatPage, startChatServer, type ChatServer } from './chatHarness';
import type { LoopbackServer } from './loopbackServer';
import { startMarkdownHarness } from './markdownHarnessServer';

/*
 * The mocha hooks the webview suites share, registered by calling one of these inside describe():
 * a page server and Chromium once per suite, a fresh page per test, and the checks every test of
 * the kind must pass on its way out.
 */

export interface MarkdownSuite {
  readonly tp: TestPage;
  readonly server: LoopbackServer;
}

/** The markdown harness page. A test fails if the page threw. */
export function useMarkdownPage(): MarkdownSuite {
  let server: LoopbackServer | undefined;
  let browser: Browser | undefined;
  let tp: TestPage | undefined;
  before(async function () {
    [server, browser] = await Promise.all([startMarkdownHarness(), launchChromium()]);
  });
  after(async function () {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async function () {
    tp = await openTestPage(browser!, `${server!.url}/`);
  });
  afterEach(async function () {
    const errors = tp!.pageErrors.map(String);
    await tp!.close();
    assert.deepEqual(errors, [], 'the page threw');
  });
  return {
    get tp() {
      return tp!;
    },
    get server() {
      return server!;
    },
  };
}

export interface ChatSuite {
  readonly chat: ChatPage;
  /** Where the chat page server listens, for assets a test serves from it. */
  readonly origin: string;
  /** Reports the current test expects, e.g. the CSP blocking a hostile inline handler. */
  expectReports(...patterns: RegExp[]): void;
}

/** The chat webview page. Every test doubles as a CSP check: no blocked style or script, no console error. */
export function useChatPage(): ChatSuite {
  let browser: Browser | undefined;
  let server: ChatServer | undefined;
  let chat: ChatPage | undefined;
  let expected: RegExp[] = [];
  before(async function () {
    [browser, server] = await Promise.all([launchChromium(), startChatServer()]);
  });
  after(async function () {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async function () {
    chat = await ChatPage.open(browser!, server!.origin);
  });
  afterEach(async function () {
    const problems = (await chat!.securityProblems()).filter((p) => !expected.some((re) => re.test(p)));
    expected = [];
    await chat!.close();
    if (this.currentTest?.state === 'passed') assert.deepEqual(problems, [], 'CSP violations or console errors');
  });
  return {
    get chat() {
      return chat!;
    },
    get origin() {
      return server!.origin;
    },
    expectReports(...patterns: RegExp[]) {
      expected = patterns;
    },
  };
}
