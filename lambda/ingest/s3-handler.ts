// placeholder: being written by the lead
export const handler = async (): Promise<void> => { throw new Error('not built yet'); };
