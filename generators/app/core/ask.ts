import type Generator from 'yeoman-generator';
import type { Answers, Question } from '../stacks/types.js';
import { coerceAnswer } from './answers.js';

/**
 * Asks one stack question through yeoman's prompt (so tests answer it through the adapter), after
 * showing the evidence behind its default. Typed answers are checked as they are entered.
 */
export async function askQuestion(generator: Pick<Generator, 'prompt' | 'log'>, question: Question): Promise<Answers[keyof Answers]> {
  for (const line of question.evidence) generator.log(`    ${line}`);
  if (question.type === 'select') {
    const picked = await generator.prompt<Record<string, string>>([
      { type: 'select', name: question.name, message: question.message, choices: question.choices ?? [], default: question.default ?? undefined },
    ]);
    return picked[question.name];
  }
  const typed = await generator.prompt<Record<string, string>>([
    {
      type: 'input',
      name: question.name,
      message: question.message,
      default: question.default === null || question.default === undefined ? '' : String(question.default),
      validate: (input: string) => {
        try {
          coerceAnswer(question, input, question.message);
          return true;
        } catch (error) {
          return (error as Error).message;
        }
      },
    },
  ]);
  return coerceAnswer(question, typed[question.name], question.message);
}
