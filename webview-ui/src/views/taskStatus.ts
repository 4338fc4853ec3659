import type { AgentTaskView, WebviewToHost } from '../../../src/shared/protocol';
import { numberField, parseBudget, type NumberField } from './agentControls';
import { budgetLabel, formatCredits } from './creditsFormat';
import { button, h, icon } from './dom';

type Post = (message: Extract<WebviewToHost, { type: 'raiseBudget' | 'stop' }>) => void;

/** The task the status follows: the latest one still running or paused. */
export function activeTask(tasks: readonly AgentTaskView[] | undefined): AgentTaskView | undefined {
  return tasks?.findLast((t) => t.status === 'running' || t.status === 'paused');
}

/**
 * Above the composer while a task runs or is paused: a `status` named "Budget: spent 120 of 1,000
 * credits · step 3 of 25". Paused at its budget it also says why and offers Raise Budget (with the
 * new value in a field beside it) and Stop.
 */
export class TaskStatus {
  readonly element: HTMLElement;
  private readonly status: HTMLElement;
  private readonly line: HTMLElement;
  private readonly reason: HTMLElement;
  private readonly paused: HTMLElement;
  private readonly newBudget: NumberField;
  private readonly raiseError: HTMLElement;
  private task: AgentTaskView | undefined;
  /** The task the Raise Budget field was last filled for, so an update does not overwrite typing. */
  private filledFor: string | undefined;

  constructor(private readonly post: Post, private readonly unit: () => string) {
    this.line = h('span', { class: 'task-status-line' });
    this.reason = h('div', { class: 'task-status-reason' });
    this.status = h('div', { class: 'task-status', role: 'status' }, icon('pulse'), this.line, this.reason);
    this.newBudget = numberField('New budget (credits)', 'raise-budget-input');
    this.newBudget.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        this.raise();
      }
    });
    this.raiseError = h('div', { class: 'task-status-error', hidden: true });
    this.paused = h('div', { class: 'task-paused', hidden: true },
      h('div', { class: 'task-paused-actions' },
        this.newBudget,
        button({ text: 'Raise Budget', icon: 'arrow-up', onClick: () => this.raise() }),
        button({ text: 'Stop', icon: 'debug-stop', secondary: true, className: 'task-stop', onClick: () => this.post({ type: 'stop' }) })),
      this.raiseError);
    this.element = h('section', { class: 'task-panel', hidden: true, 'aria-label': 'Agent task' }, this.status, this.paused);
  }

  update(task: AgentTaskView | undefined): void {
    this.task = task;
    this.element.hidden = !task;
    if (!task) return;
    const paused = task.status === 'paused';
    const line = budgetLabel(task, this.unit());
    const reason = paused ? task.reason ?? 'Paused' : '';
    this.status.setAttribute('aria-label', reason ? `${line} · ${reason}` : line);
    this.status.classList.toggle('paused', paused);
    this.line.textContent = line;
    this.reason.textContent = reason;
    this.reason.hidden = !reason;
    this.paused.hidden = !paused;
    if (paused && this.filledFor !== `${task.id}:${task.budget}`) {
      // A suggestion the user can change: enough for about as much again.
      this.newBudget.value = String(Math.ceil(Math.max(task.budget * 2, task.spent + task.budget)));
      this.newBudget.invalid = false;
      this.raiseError.hidden = true;
      this.filledFor = `${task.id}:${task.budget}`;
    }
  }

  private raise(): void {
    const task = this.task;
    if (!task || task.status !== 'paused') return;
    const budget = parseBudget(this.newBudget.value);
    if (budget === undefined || budget <= task.budget) {
      this.newBudget.invalid = true;
      this.raiseError.textContent = `Enter more than the current budget of ${formatCredits(task.budget)} ${this.unit()}.`;
      this.raiseError.hidden = false;
      this.newBudget.focus();
      return;
    }
    this.raiseError.hidden = true;
    this.post({ type: 'raiseBudget', taskId: task.id, budget });
  }
}
