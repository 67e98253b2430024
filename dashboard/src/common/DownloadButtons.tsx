import DownloadIcon from '@mui/icons-material/Download';
import { Box, Button, CircularProgress, Typography } from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useNotify, useTranslate } from 'react-admin';
import type { DownloadFormat, DownloadProgress } from '../api/download';
import { formatBytes } from '../meta/format';

export type StartDownload = (format: DownloadFormat, onProgress: (progress: DownloadProgress) => void) => Promise<void>;

const FORMATS: DownloadFormat[] = ['csv', 'xlsx'];

/** CSV and XLSX buttons for a server download, showing the bytes received while it streams. */
export const DownloadButtons = ({ start, what }: { start: StartDownload; what: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const [progress, setProgress] = useState<DownloadProgress | null>(null);

  const run = async (format: DownloadFormat) => {
    setProgress({ bytes: 0, total: null });
    try {
      await start(format, setProgress);
    } catch (error: any) {
      notify(error?.message || 'app.download.failed', { type: 'error' });
    } finally {
      setProgress(null);
    }
  };

  return (
    <Box sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
      {FORMATS.map(format => (
        <Button
          key={format}
          size="small"
          startIcon={<DownloadIcon />}
          disabled={progress !== null}
          onClick={() => run(format)}
          aria-label={translate('app.download.aria', { format: format.toUpperCase(), what })}
        >
          {format.toUpperCase()}
        </Button>
      ))}
      {progress && (
        <Typography variant="caption" role="status" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
          <CircularProgress size={14} aria-hidden />
          {translate('app.download.progress', { received: formatBytes(progress.bytes, locale) })}
        </Typography>
      )}
    </Box>
  );
};
