import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import markdown from 'highlight.js/lib/languages/markdown';
import php from 'highlight.js/lib/languages/php';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import scss from 'highlight.js/lib/languages/scss';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

// Registered one by one (not highlight.js/lib/common) to keep the webview bundle small.
const languages = {
  bash, c, cpp, csharp, css, diff, dockerfile, go, ini, java, javascript, json, kotlin, markdown, php,
  plaintext, powershell, python, ruby, rust, scss, shell, sql, swift, typescript, xml, yaml,
};
for (const [name, definition] of Object.entries(languages)) hljs.registerLanguage(name, definition);

export function canHighlight(language: string | undefined): language is string {
  return !!language && !!hljs.getLanguage(language);
}

/**
 * One piece of code highlighted on its own, and whether the grammar is back at its top level at
 * the end (no comment, string or tag left open), so the code after it highlights the same alone.
 */
export function highlightPiece(code: string, language: string): { fragment: DocumentFragment; endsAtTopLevel: boolean } {
  const result = hljs.highlight(code, { language, ignoreIllegals: true }) as HighlightResultWithTree;
  const fragment = document.createDocumentFragment();
  const root = result._emitter?.root;
  if (root) appendScopes(fragment, root.children);
  else fragment.append(code);
  return { fragment, endsAtTopLevel: result._top === hljs.getLanguage(language) };
}

/**
 * highlight.js's token tree (what its HTML renderer walks). Building the spans and text nodes from
 * it, rather than parsing the HTML it renders, means no character of the code is ever read as
 * markup, so there is nothing to sanitize (DOMPurify over a piece's hundreds of spans was most of
 * its cost).
 */
interface ScopeNode {
  scope?: string;
  children: (string | ScopeNode)[];
}

type HighlightResultWithTree = ReturnType<typeof hljs.highlight> & { _emitter?: { root?: ScopeNode } };

/** The only classes a highlighted span keeps: the highlighter's own (hljs-keyword, title_, …). */
const HIGHLIGHT_CLASS = /^hljs(?:-[\w-]{1,40})?$|^[\w-]{1,40}_$/;

/** As highlight.js renders it: a node with a scope is a span, one without only its children; runs of text are one node. */
function appendScopes(parent: Node, children: readonly (string | ScopeNode)[]): void {
  let text = '';
  const flush = (): void => {
    if (text) parent.appendChild(document.createTextNode(text));
    text = '';
  };
  const walk = (nodes: readonly (string | ScopeNode)[]): void => {
    for (const node of nodes) {
      if (typeof node === 'string') text += node;
      else if (!node.scope) walk(node.children);
      else {
        flush();
        const span = document.createElement('span');
        const classes = classesOf(node.scope);
        if (classes) span.className = classes;
        appendScopes(span, node.children);
        parent.appendChild(span);
      }
    }
  };
  walk(children);
  flush();
}

/** highlight.js's class names for a scope ("title.function" is "hljs-title function_"), less any it would not render. */
function classesOf(scope: string): string {
  if (scope.startsWith('language:')) return '';
  const [first, ...rest] = scope.split('.');
  return [`hljs-${first}`, ...rest.map((name, i) => `${name}${'_'.repeat(i + 1)}`)].filter((name) => HIGHLIGHT_CLASS.test(name)).join(' ');
}
