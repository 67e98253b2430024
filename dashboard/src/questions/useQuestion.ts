import { useQueries } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { DashboardFilterValues, QuestionFields, QuestionSpec } from '../../../contract/questions';
import { usePortalDataProvider } from '../common/usePortalDataProvider';
import { useReportingQuery } from '../reporting/useReport';

/** A value that follows `value` once it has stayed the same for `delayMs` (the builder's live preview). */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** What a question over `resource` can name (GET /api/questions/fields), cached while the builder is open. */
export function useQuestionFields(resource: string) {
  return useReportingQuery(['question-fields', resource], dataProvider => dataProvider.questionFields(resource), { enabled: resource !== '' });
}

/** The answer of a spec (null: not complete yet); the last answer stays on screen while the next one comes. */
export function useAnswer(spec: QuestionSpec | null) {
  return useReportingQuery(['question-answer', spec], dataProvider => dataProvider.askQuestion(spec!), { enabled: spec !== null, keepPrevious: true, noRetry: true });
}

/** One dashboard card's answer with the dashboard's filters: each card asks on its own. */
export function useCardRun(id: number, filters: DashboardFilterValues) {
  return useReportingQuery(['card-run', id, filters], dataProvider => dataProvider.runCard(id, filters), { keepPrevious: true });
}

/** The fields of several resources at once (a dashboard's cards), sharing the builder's cache. */
export function useQuestionFieldsOf(resources: readonly string[]) {
  const dataProvider = usePortalDataProvider();
  return useQueries({
    queries: resources.map(resource => ({ queryKey: ['question-fields', resource], queryFn: () => dataProvider.questionFields(resource), staleTime: 60_000 })),
  })
    .map(result => result.data)
    .filter((fields): fields is QuestionFields => Boolean(fields));
}
