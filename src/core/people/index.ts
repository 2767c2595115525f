/** People and training (issue 17, Build 4): what the handlers, the posture and the CLI call. */
export { exportAcknowledgementFile, getPeople, recordAcknowledgement, recordTraining } from './register';
export { peopleCounts } from './view';
