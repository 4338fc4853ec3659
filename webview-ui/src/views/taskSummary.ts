import type { AgentTaskStatus, AgentTaskView } from '../../../src/shared/protocol';
import { taskTotalLabel } from './creditsFormat';
import { append, button, h, icon, setDisabled } from './dom';

const ENDED: Partial<Record<AgentTaskStatus, { text: string; icon: string }>> = {
  done: { text: 'Task done', icon: 'pass' },
  stopped: { text: 'Task stopped', icon: 'debug-stop' },
  failed: { text: 'Task failed', icon: 'error' },
};

export function taskEnded(task: AgentTaskView): boolean {
  return ENDED[task.status] !== undefined;
}

/**
 * Under a finished task's last message: a `group` named for its total ("Task total: 1,234
 * credits", "(estimate)" where the gateway reported no charge), why it ended, and Restore
 * Checkpoint while the files it changed can still be put back.
 */
export class TaskSummary {
  readonly element: HTMLElement;

  constructor(private task: AgentTaskView, private readonly unit: () => string, private readonly onRestore: (taskId: string) => void) {
    this.element = h('div', { class: 'task-summary', role: 'group' });
    this.render();
  }

  update(task: AgentTaskView): void {
    this.task = task;
    this.render();
  }

  private render(): void {
    const { task } = this;
    const ended = ENDED[task.status] ?? { text: 'Task', icon: 'tools' };
    const total = taskTotalLabel(task, this.unit());
    this.element.setAttribute('aria-label', total);
    const restore = task.checkpoint === 'available'
      ? button({
        text: 'Restore Checkpoint',
        icon: 'discard',
        secondary: true,
        onClick: (ev) => {
          // One request per click: the host answers with the task marked restored.
          setDisabled(ev.currentTarget as HTMLElement, true);
          this.onRestore(task.id);
        },
      })
      : null;
    this.element.replaceChildren();
    append(this.element,
      h('div', { class: 'task-summary-line' },
        icon(ended.icon),
        h('span', { class: 'task-summary-status' }, ended.text),
        h('span', { class: 'task-summary-total' }, total)),
      task.reason ? h('div', { class: 'task-summary-reason' }, task.reason) : null,
      restore,
      task.checkpoint === 'restored'
        ? h('div', { class: 'task-summary-restored' }, icon('history'), 'Checkpoint restored: the files are as they were before the task.')
        : null);
  }
}
