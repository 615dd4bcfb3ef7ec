import {
} from '../paraglide/messages.js';
import { registerErrorMessages, type Message } from './t';

/**
 * The error messages of the quiz question and rubric builders, kept out of the bundle every
 * page loads (t.ts): the editor components import this module, which adds them to what `t`
 * can show (on the server too: the routes that answer with these keys import it).
 */
export const AUTHORING_ERROR_MESSAGES = {
} as unknown as Record<string, Message>;

registerErrorMessages(AUTHORING_ERROR_MESSAGES);
