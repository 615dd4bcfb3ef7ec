import nodemailer from 'nodemailer';
import type { MailTransport } from './outbox';

/** SMTP through nodemailer, from SMTP_URL (smtp://user:pass@host:587 or smtps://...). */
export function smtpTransport(url: string, from: string): MailTransport {
	const transporter = nodemailer.createTransport(url);
	return {
		async send(message) {
			await transporter.sendMail({
				from,
				to: { name: message.toName, address: message.to },
				subject: message.subject,
				text: message.text
			});
		}
	};
}
