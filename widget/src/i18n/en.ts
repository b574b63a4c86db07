import type { Messages } from './types.ts';

export const en: Messages = {
  dir: 'ltr',
  question: {
    nps: 'How likely are you to recommend us to a friend or colleague?',
    csat: 'How satisfied were you with your experience?',
    ces: 'How easy was it to get what you needed?',
  },
  anchors: {
    nps: ['Not at all likely', 'Extremely likely'],
    csat: ['Very dissatisfied', 'Very satisfied'],
    ces: ['Very difficult', 'Very easy'],
  },
  commentLabel: "Anything you'd like to add?",
  send: 'Send',
  close: 'Close',
  thanks: 'Thank you for your feedback!',
};
