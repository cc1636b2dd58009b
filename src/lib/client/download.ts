/** Hands bytes made on the device to the browser as a file download (no server round trip, works offline). */
export function downloadBytes(bytes: ArrayBuffer, filename: string, type = 'application/pdf'): void {
	const url = URL.createObjectURL(new Blob([bytes], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	document.body.append(a);
	a.click();
	a.remove();
	// Revoked later, not at once: some browsers start reading the blob only after the click handler returns.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
