import { shown } from '../../../policy/diff/site-lookup';

describe('shown, the value in a risk reason', () => {
  it('masks a secret-shaped part and quotes the rest', () => {
    expect(shown('https://u:pa/ss@mirror.example.com/x.ova')).toBe('"https://u:(sensitive)@mirror.example.com/x.ova"');
    expect(shown({ endpoint: 'app:s3cretpw@db.lu:5432/app' })).toBe('{"endpoint":"app:(sensitive)@db.lu:5432/app"}');
  });

  it('quotes a plain value as it is, and says none when there is none', () => {
    expect(shown('GOVCLOUD-LU-1')).toBe('"GOVCLOUD-LU-1"');
    expect(shown(undefined)).toBe('none');
  });
});
