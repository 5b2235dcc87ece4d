import type { Response } from 'express';
import { ProblemError } from '../http/problem-details';
import { DashboardController } from './dashboard.controller';

describe('dashboard controller without a built bundle', () => {
  // The API must start from a tree where `npm run build` never ran; the page then says how to get it.
  const controller = new DashboardController(undefined);
  const response = { setHeader: jest.fn(), sendFile: jest.fn() } as unknown as Response;

  it('answers the page and its assets with a 503 problem naming the build command', () => {
    for (const serve of [() => controller.page(response), () => controller.asset('dashboard.js', response)]) {
      let thrown: unknown;
      try {
        serve();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ProblemError);
      expect((thrown as ProblemError).problem).toMatchObject({ status: 503, detail: expect.stringContaining('npm run build') });
    }
    expect(response.sendFile).not.toHaveBeenCalled();
  });

  it('refuses names that are not bundle files before looking for the bundle', () => {
    expect(() => controller.asset('../package.json', response)).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 404 }) }));
  });
});
