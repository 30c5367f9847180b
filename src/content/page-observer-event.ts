/** The DOM event the main-world page observer fires for the content script. */
export const PAGE_OUTCOME_EVENT = 'hrg:page-outcome';
