import './styles.css';
import type { HostToWebview } from '../../src/shared/protocol';
import type { RenderHooks } from './markdown/renderHooks';
import { RemoteImageAllowance } from './remoteImages';
import { ChatStore, type Change } from './store';
import { Composer } from './views/composer';
import { h } from './views/dom';
import { Header } from './views/header';
import { activeTask, TaskStatus } from './views/taskStatus';
import { Transcript } from './views/transcript';
import { connectToHost } from './vscodeApi';

/*
 * Wiring only. The host owns every piece of state: this page posts `ready` once, builds itself
 * from the first `state`, and applies the finer updates after it (a model refresh never touches
 * the transcript; a switch rebuilds only the transcript). Nothing here is the only copy of
 * anything, so a hidden or recreated view comes back identical from the host's next `state`.
 */

const host = connectToHost();
const store = new ChatStore();
const images = new RemoteImageAllowance();

const hooks: RenderHooks = {
  onCopy: (code) => host.post({ type: 'copyCode', code }),
  onInsert: (code, language) => host.post({ type: 'insertCode', code, ...(language ? { language } : {}) }),
  onNewFile: (code, language) => host.post({ type: 'newFile', code, ...(language ? { language } : {}) }),
  onOpenLink: (href) => host.post({ type: 'openLink', href }),
  allowRemoteImage: (src) => images.allows(src, store.state),
  remoteImagePolicy: () => images.policy(store.state),
  onRequestRemoteImages: (src) => {
    images.ask(src);
    host.post({ type: 'allowRemoteImages', url: src });
  },
};

const header = new Header((message) => host.post(message));
const unit = (): string => store.state?.credits?.unit ?? 'credits';
const composer = new Composer({ post: (m) => host.post(m), saveDraft: (s) => host.saveDraft(s) }, host.loadDraft());
const transcript = new Transcript(
  {
    hooks,
    unit,
    runAction: (action) => host.post({ type: 'runAction', action }),
    retry: () => host.post({ type: 'retry' }),
    editResend: (message) => composer.startEdit(message),
    toolCardPost: (message) => host.post(message),
    restoreCheckpoint: (taskId) => host.post({ type: 'restoreCheckpoint', taskId }),
    switchModel: () => header.picker.openList(),
    useAsk: () => composer.useMode('ask'),
  },
  () => host.post({ type: 'runAction', action: 'set-key' }),
);

const taskStatus = new TaskStatus((message) => host.post(message), unit);

const loading = h('div', { class: 'loading', role: 'status', 'aria-label': 'Loading chat' }, 'Loading…');
const app = h('div', { class: 'app', hidden: true }, header.element, transcript.element, taskStatus.element, composer.element);
document.body.append(loading, app);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = event.data;
  if (!isHostMessage(msg)) return;
  apply(store.apply(msg));
});

document.addEventListener('keydown', (ev) => {
  if (ev.key !== 'Escape' || ev.defaultPrevented) return;
  if (composer.stop() || composer.cancelEdit()) ev.preventDefault();
});

host.post({ type: 'ready' });

function apply(change: Change): void {
  const state = store.state;
  switch (change.kind) {
    case 'reset':
      if (!state) return;
      loading.remove();
      app.hidden = false;
      header.render(state);
      transcript.render(state, store.lastIds());
      composer.setBusy(state.busy);
      composer.setReasoning(state.reasoning, state.reasoningSupported);
      composer.setContext(state.context);
      composer.setEstimate(undefined);
      composer.setAgent(state.agent);
      composer.keepEditOnlyFor(store.lastIds().user);
      taskStatus.update(activeTask(state.tasks));
      return;
    case 'transcript':
      if (!state) return;
      header.renderTitle(state);
      transcript.render(state, store.lastIds());
      composer.setBusy(state.busy);
      composer.setReasoning(state.reasoning, state.reasoningSupported);
      composer.setContext(state.context);
      composer.keepEditOnlyFor(store.lastIds().user);
      taskStatus.update(activeTask(state.tasks));
      return;
    case 'messageAdded':
      if (!state) return;
      transcript.add(change.message, state);
      transcript.refreshActions(store.lastIds(), state.busy);
      composer.keepEditOnlyFor(store.lastIds().user);
      return;
    case 'messageReplaced':
      transcript.replace(change.message);
      return;
    case 'messageDelta':
      transcript.delta(change.message.id, change.text, change.reasoning);
      return;
    case 'messageUpdated':
      transcript.update(change.message);
      return;
    case 'credits':
      header.credits.update(state?.credits);
      return;
    case 'models':
      if (!state) return;
      header.picker.update(state.models, state.modelId);
      composer.setReasoning(state.reasoning, state.reasoningSupported);
      transcript.refreshEmpty(state);
      return;
    case 'context':
      composer.setContext(state?.context ?? []);
      return;
    case 'conversations':
      if (!state) return;
      header.conversations.update(state.conversations, state.conversationId);
      header.renderTitle(state);
      return;
    case 'estimate':
      composer.setEstimate(store.estimate);
      return;
    case 'busy':
      if (!state) return;
      composer.setBusy(state.busy);
      transcript.refreshActions(store.lastIds(), state.busy);
      return;
    case 'remoteImages':
      images.granted(change.urls);
      transcript.showRemoteImages((src) => images.allows(src, state));
      return;
    case 'focusComposer':
      composer.focus();
      return;
    case 'restoreDraft':
      composer.restoreDraft(change.text);
      return;
    case 'toolCard':
      transcript.toolCard(change.message.id, change.card);
      return;
    case 'task':
      transcript.task(change.task);
      taskStatus.update(activeTask(state?.tasks));
      return;
    case 'agentSettings':
      composer.setAgent(state?.agent);
      return;
    case 'ignored':
      return;
  }
}

function isHostMessage(value: unknown): value is HostToWebview {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
